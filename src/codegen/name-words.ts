/**
 * Words for names: how a tag, a path segment or a pinned name becomes the words of an identifier.
 * Cognigy's path segments run words together in lower case (`callcounter`, `downloadlink`,
 * `addroletomember`); they are split with a fixed vocabulary, so the same segment always gives the
 * same words, whatever else the spec holds. A word added here renames every method that uses it:
 * the list only changes with a changeset that lists the renames.
 */
const VOCABULARY = new Set(
  (
    "accept account acl add administration agent agents ai alexa all amazon analytics and api assert " +
    "asserts assertion assign attempt attempts audio audit available batch billing binary by call cancel change chart " +
    "check child chunk chunks clone config configs configuration configure connection connections connector connectors " +
    "contact context conversation conversations copilot copy count counter create data default delete deletion deploy " +
    "deprecate descriptors details download endpoint endpoints enforce entries entry event events example export " +
    "extension extensions external failed field fields file files filler fillers flow flows for from function functions " +
    "gateway generate generative get global graph handover hire id ids identity impersonate import inbox info inject " +
    "input instance instances intent intents job jobs key keyphrase keyphrases keys knowledge language languages large " +
    "last latest link list live llm locale locales localization log login logout logs management me member members " +
    "merge message messages metadata metrics model models move name nlu no node nodes notify of order organisation " +
    "organisations organization organizations output package packages password passwords pin playbook playbooks " +
    "policies policy preview proactive profile profiles project projects provider providers query record records " +
    "remove request requests reset resolver resources restore role roles run runs schedule schema schemas scores search " +
    "sentence sentences service services session sessions settings setup skill skills slot slots snapshot snapshots " +
    "source sources speech sso step steps stop store stores system tail task tasks template terms test to token tokens " +
    "tools train trainer translation ui unassign unmerge update upload user users validate vendor voice voices " +
    "webfinger yes"
  ).split(" "),
);

/**
 * The words of a tag or name, lower case and ASCII: separators and case changes split
 * (`Large Language Models`, `optionsResolver`, `slot-fillers`), accents are dropped.
 */
function wordsOf(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * The words of a path segment or tag: {@link wordsOf}, each word then split with the vocabulary and
 * the operation's own tag words (`callcounter` → `call counter`; `aicopilotconfigs` tagged "Agent
 * Copilot Configurations" → `ai copilot configs`).
 */
export function segmentWords(segment: string, tagWords: readonly string[]): string[] {
  const known = (word: string) =>
    VOCABULARY.has(word) ||
    tagWords.includes(word) ||
    VOCABULARY.has(singular(word)) ||
    tagWords.includes(singular(word));
  return wordsOf(segment).flatMap((word) => split(word, known));
}

// The fewest known words that spell `run`; letters no word covers form words of their own.
function split(run: string, known: (word: string) => boolean): string[] {
  if (known(run) || run.length > 200) return [run];
  // best[i]: the cheapest split of run.slice(0, i). A known word costs 1; an unknown one 1.5 and
  // a quarter per letter, so that a long unknown run is split into known words (`aicopilotconfigs`)
  // but a short one is not cut into scraps (`known`, never `k no wn`).
  const best: Array<{ cost: number; words: string[] }> = [{ cost: 0, words: [] }];
  for (let end = 1; end <= run.length; end++) {
    const previous = best[end - 1]!;
    const last = previous.words.at(-1);
    // One more unknown letter: joins an unknown word that ends here, else starts one.
    const joins = last !== undefined && !known(last);
    const words = joins ? [...previous.words.slice(0, -1), last + run[end - 1]] : [...previous.words, run[end - 1]!];
    let choice = { cost: previous.cost + (joins ? 0.25 : 1.75), words };
    for (let start = 0; start < end; start++) {
      const word = run.slice(start, end);
      const cost = best[start]!.cost + 1;
      if (cost < choice.cost && known(word)) choice = { cost, words: [...best[start]!.words, word] };
    }
    best.push(choice);
  }
  return best[run.length]!.words;
}

/** `["ai", "agents"]` → `aiAgents`. */
export function camel(words: readonly string[]): string {
  return words.map((word, index) => (index === 0 ? word : capital(word))).join("");
}

/** `["ai", "agents"]` → `AiAgents`. */
export function pascal(words: readonly string[]): string {
  return words.map(capital).join("");
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// Words that end in "s" but name one thing.
const SINGULAR_S = new Set(["settings", "details", "analytics", "status", "metrics", "news"]);

/** True for a word that names many (`agents`, `entries`), not one (`settings`, `status`, `chart`). */
export function isPlural(word: string): boolean {
  return /[^su]s$/.test(word) && !/(ss|is)$/.test(word) && !SINGULAR_S.has(word);
}

/** `agents` → `agent`, `entries` → `entry`; a word that is not plural stays. */
export function singular(word: string): string {
  if (!isPlural(word)) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
