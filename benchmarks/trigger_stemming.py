"""Inflected trigger words: kashf's table of endings against qalsadi's lemmatiser (issue 11).

    python benchmarks/trigger_stemming.py   # qalsadi (pip install qalsadi) for its column

The words below were written for this benchmark: each is an inflected form of one trigger
word of ``data/triggers.tsv`` (case, number, verb endings, object pronouns, nisba). A form is
recognised by kashf when the automaton finds a trigger covering the whole word; by qalsadi when
its lemma is the trigger word (hamza, ta marbuta and alef maqsura folded). Speed is words per
second over the same words, each tool called the way it runs (kashf: one scan of the text;
qalsadi: ``lemmatize_text`` on the text).
"""

from __future__ import annotations

import time

from kashf.extract.lexicon import lexicon, make_view, scan
from kashf.text import fold

# (inflected form, the trigger word it inflects)
FORMS: tuple[tuple[str, str], ...] = (
    ("استهدفا", "استهدف"), ("استهدفتا", "استهدف"), ("استهدفته", "استهدفت"),
    ("التفجيرين", "تفجير"), ("تفجيراً", "تفجير"), ("تفجيرين", "تفجير"),
    ("قتلن", "قتل"), ("قُتِلا", "قتل"), ("انتحاريا", "انتحاري"), ("انتحاريين", "انتحاري"),
    ("كيميائية", "كيميائي"), ("اعتقلوهم", "اعتقلوا"), ("اعتقلوه", "اعتقلوا"),
    ("قصفته", "قصفت"), ("قصفتها", "قصفت"), ("اقتحموها", "اقتحموا"), ("اختطفوه", "اختطفوا"),
    ("هجومين", "هجوم"), ("كمينين", "كمين"), ("انفجارين", "انفجار"), ("اغتيالات", "اغتيال"),
    ("مداهمتين", "مداهمة"), ("غارتين", "غارة"), ("قذيفتين", "قذيفة"), ("عبوتين", "عبوة"),
    ("اشتباكين", "اشتباك"), ("اعتقالات", "اعتقال"), ("انشقاقات", "انشقاق"),
    ("مفخختين", "مفخخة"), ("قصفا", "قصف"), ("اغتالوا", "اغتال"), ("هاجمتا", "هاجمت"),
)  # fmt: skip


def kashf_recognises(form: str, base: str) -> bool:
    view = make_view(form).text
    lex = lexicon()
    return any(
        h.kind == "trigger" and h.word_start == 0 and h.end == len(view) for h in scan(view, lex)
    )


def main() -> int:
    text = " ".join(f for f, _ in FORMS)
    ok_k = sum(kashf_recognises(f, b) for f, b in FORMS)
    lex = lexicon()
    view = make_view(text * 1).text
    scan(view, lex)
    t0 = time.perf_counter()
    for _ in range(50):
        scan(make_view(text).text, lex)
    k_rate = 50 * len(FORMS) / (time.perf_counter() - t0)
    print(f"{len(FORMS)} inflected trigger words (written for this benchmark)")
    print(f"kashf table of endings: {ok_k}/{len(FORMS)} recognised, {k_rate:,.0f} words/s")
    try:
        import qalsadi.lemmatizer
    except ImportError:
        print("qalsadi: not installed (pip install qalsadi) — its column skipped")
        return 0
    lem = qalsadi.lemmatizer.Lemmatizer()
    lem.lemmatize_text(text)  # warm-up: its dictionaries load on first use
    lemmas = lem.lemmatize_text(text)
    ok_q = sum(
        fold(str(lemma)).replace("ة", "ه") in {fold(b), fold(b).rstrip("ت"), fold(b).rstrip("وا")}
        for lemma, (_f, b) in zip(lemmas, FORMS)
    )
    t0 = time.perf_counter()
    for _ in range(3):
        lem.lemmatize_text(text)
    q_rate = 3 * len(FORMS) / (time.perf_counter() - t0)
    print(f"qalsadi lemmatize_text:  {ok_q}/{len(FORMS)} lemma is the trigger word, ", end="")
    print(f"{q_rate:,.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
