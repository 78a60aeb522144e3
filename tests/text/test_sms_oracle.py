"""Segments as Twilio counts them: `hotline.sms.segment_info` against Twilio's own calculator.

TwilioDevEd's `sms-segments-calculator` (npm, pinned below) is the oracle: it packs a message
grapheme cluster by grapheme cluster, as Twilio does. `npm` installs it into `.cache/segments` on
first use (the npm registry is the only thing fetched), so `make test` and `.ci/run` run it on a
fresh machine; only a machine without node is skipped, with a message saying so.

The strings are random (seeded, so a failure reproduces) but built from the clusters texters
really send, in every script the hotline answers in, with lengths around every segment edge.
The oracle splits clusters with `grapheme-splitter` 1.0.4 (Unicode 10 rules); emoji are built
from sequences on which those rules and today's agree (a skin tone on a person, flags, families,
keycaps), since a modifier after a letter is a cluster of its own there and not here.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from hotline.text.sms import segment_info

ROOT = Path(__file__).resolve().parents[2]
ORACLE_DIR = ROOT / ".cache" / "segments"
ORACLE_PACKAGE = "sms-segments-calculator@1.3.0"
ORACLE_MODULE = ORACLE_DIR / "node_modules" / "sms-segments-calculator"
SEED = 18
STRINGS_PER_SCRIPT = 250

# Clusters per script: single letters, letters with marks, and the joiners people type.
LATIN_GSM = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?-'\néèàùÇ")
LATIN_EXTENDED = ["€", "[", "]", "{", "}", "~", "^", "\\", "|"]  # two septets each
LATIN_UCS2 = ["ô", "ê", "ë", "ï", "ç", "ș", "ț", "ă", "â", "î", "ğ", "ş", "ı", "ö", "ü", "ë"]
COMBINING = ["e\u0301", "a\u0300", "o\u0302\u0323", "s\u0327", "n\u0303"]
ARABIC = list("ابتثجحخدذرسشصضطظعغفقكلمنهوي ءآأؤإئة،؟٠١٢٣")
ARABIC_MARKS = ["ب\u0650", "ك\u064e", "م\u064f", "ل\u0651\u064e", "ن\u0652", "ت\u064b"]
PERSIAN = [*"پچژگکیابتسشمنوهدر ۰۱۲۳۴", "می\u200cخواهم", "\u200c"]
EMOJI = [
    "\U0001f600",  # 😀
    "\U0001f44d\U0001f3fd",  # 👍🏽 thumbs up, medium skin tone
    "\U0001f469\U0001f3ff",  # 👩🏿
    "\U0001f1e7\U0001f1ea",  # 🇧🇪
    "\U0001f1f2\U0001f1e6",  # 🇲🇦
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # 👨‍👩‍👧
    "\u2764\ufe0f",  # ❤️
    "1\ufe0f\u20e3",  # 1️⃣
    "\U0001f64f",  # 🙏
]
SCRIPTS = {
    "latin-gsm": LATIN_GSM,
    "latin-extension": LATIN_GSM * 4 + LATIN_EXTENDED,
    "latin-ucs2": LATIN_GSM * 3 + LATIN_UCS2,
    "combining-marks": LATIN_GSM * 2 + COMBINING,
    "arabic": ARABIC,
    "arabic-harakat": ARABIC * 2 + ARABIC_MARKS,
    "dari": PERSIAN + ARABIC_MARKS,
    "emoji": LATIN_GSM + EMOJI,
    "arabic-emoji": ARABIC + EMOJI,
    "mixed": LATIN_GSM + LATIN_UCS2 + ARABIC + PERSIAN + EMOJI + COMBINING,
}
# Units one segment holds, alone or as a part: strings end near these, where splitting matters.
EDGES = (70, 67, 134, 160, 153, 201, 306, 459)

# Reads a JSON list of strings on stdin, prints [segments, encoding] for each.
ORACLE_SCRIPT = """
const { SegmentedMessage } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((text) => {
    const message = new SegmentedMessage(text);
    return [message.segmentsCount, message.getEncodingName()];
  });
  process.stdout.write(JSON.stringify(results));
});
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def oracle() -> Path:
    """The calculator's package directory, installed from npm on first use."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm not installed: the segment oracle (sms-segments-calculator) needs it")
    if not (ORACLE_MODULE / "package.json").exists():
        subprocess.run(
            ["npm", "install", "--no-save", "--prefix", str(ORACLE_DIR), ORACLE_PACKAGE],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return ORACLE_MODULE


def ask_oracle(module: Path, texts: list[str]) -> list[tuple[int, str]]:
    """What Twilio's calculator says of each text."""
    done = subprocess.run(
        ["node", "-e", ORACLE_SCRIPT, str(module)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [tuple(result) for result in json.loads(done.stdout)]


def random_text(rng: random.Random, clusters: list[str]) -> str:
    """A string of whole clusters whose length lands a few units either side of an edge."""
    target = rng.choice(EDGES) + rng.randint(-4, 4)
    parts: list[str] = []
    units = 0
    while units < target:
        parts.append(rng.choice(clusters))
        units += len(parts[-1].encode("utf-16-le")) // 2
    return "".join(parts)


def corpus() -> list[tuple[str, str]]:
    """(script, text) pairs, the same on every run."""
    rng = random.Random(SEED)
    return [
        (script, random_text(rng, clusters))
        for script, clusters in SCRIPTS.items()
        for _ in range(STRINGS_PER_SCRIPT)
    ]


def test_segments_and_encoding_agree_with_twilios_calculator_in_every_script(oracle):
    pairs = corpus()
    answers = ask_oracle(oracle, [text for _, text in pairs])
    wrong = [
        (script, text, ours, theirs)
        for (script, text), theirs in zip(pairs, answers, strict=True)
        if (ours := (segment_info(text).segments, segment_info(text).encoding)) != theirs
    ]
    assert wrong == [], f"{len(wrong)} of {len(pairs)} disagree, first: {wrong[:3]}"


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("ب" * 66 + "بِ" + "ب" * 66, 3),  # the cluster does not fit in part 1: 66 | 2 + 65 | 1
        ("ب" * 134, 2),
        ("a" * 65 + "\U0001f44d\U0001f3fd" + "a" * 65, 3),  # 👍🏽 whole: 65 | 4 + 63 | 2
        ("e" * 152 + "e\u0301" + "e" * 152, 5),  # UCS-2: the cluster costs 2 units
    ],
)
def test_known_edges_agree_with_the_oracle(oracle, text, segments):
    assert segment_info(text).segments == segments
    assert ask_oracle(oracle, [text]) == [(segments, segment_info(text).encoding)]
