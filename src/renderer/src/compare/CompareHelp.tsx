/** What each number of the compare view means (the README's "Reading a comparison" says the same). */
export function CompareHelp() {
  return (
    <details className="compare__help" data-testid="compare-help">
      <summary>What the numbers mean</summary>
      <dl>
        <dt>A, B, C …</dt>
        <dd>A is the baseline: the run marked ★, else the run that started first — never the order the runs were ticked in. Differences are B − A.</dd>
        <dt>Accuracy [interval]</dt>
        <dd>Correct / n over the items the run scored, with a Wilson score interval at the chosen level.</dd>
        <dt>Never scored</dt>
        <dd>Items that failed, were skipped after an earlier failure, wait for review or have no score. They are counted apart and left out (or counted as wrong, if chosen); a run that scored none of its items gets no verdict.</dd>
        <dt>b and c</dt>
        <dd>b: items A got right and B got wrong; c: items A got wrong and B got right. Items both got right or wrong say nothing about which is better.</dd>
        <dt>Exact McNemar p</dt>
        <dd>If A and B were equally accurate, each of the b + c discordant items would favour either run with probability ½; p is the chance of a split at least as uneven as b : c. With more than two runs, p is Holm-adjusted over the pairs.</dd>
        <dt>Verdict</dt>
        <dd>Decided by the exact test at α = 1 − level: a significant difference only when p &lt; α.</dd>
        <dt>Bootstrap CI</dt>
        <dd>How large the difference B − A may be: the percentile interval of the difference over the items resampled with replacement, pairs kept together. Its Monte Carlo error says how much a bound moves with the seed.</dd>
        <dt>When they disagree</dt>
        <dd>The bootstrap treats the observed split of discordant items as the truth and is too narrow when they are few; the exact test keeps its error rate at any size. The test decides; the explanation under the verdict says when the two differ.</dd>
        <dt>Odds ratio b/c</dt>
        <dd>How many times more discordant items A wins than B, with its exact interval (Clopper–Pearson on b of b + c). Above 1 favours A.</dd>
        <dt>Power</dt>
        <dd>The smallest difference this many items would detect 80 % of the time at α (Connor 1987, at the observed share of discordant items). A smaller true difference is likely to be missed: "no significant difference" is not "no difference".</dd>
        <dt>By column</dt>
        <dd>Accuracy per value of a dataset column (answer type, source …), each with its Wilson interval; small groups give wide intervals.</dd>
        <dt>What differs</dt>
        <dd>The settings in which the runs' pipelines differ: models, params, prompt templates, node settings, wiring.</dd>
      </dl>
    </details>
  );
}
