#!/usr/bin/env python3
"""Named people, organizations and places from GUM's entity annotations, as IOB2 sentences.

GUM (github.com/amir-zeldes/gum) marks every mention of an entity, named or not ("the
professor", "he", "Cres Eastman"), with its type in the CoNLL-U MISC column
(Entity=(ID-etype-infstat-salience-centering-minspan-link-identity ... ID)). A mention of a
person, organization or place is a name when its syntactic head is a proper noun; the name
is the run of proper nouns around that head inside the mention ("of", "the" and, for
organizations, "and"/"&" may join two of them), without the titles before a person's name
(CoNLL's convention, which the other training sources follow). Where mentions nest, the
outermost name wins ("the Medical Journal of Australia", not "Australia"). Capitalised words
that are not proper nouns join a name only before its head ("New York", "United Kingdom"),
never after it, where they are a title-case heading's ("Wikinews Interviews ...").

    gum_to_iob.py FILE.conllu... > gum.iob2
    gum_to_iob.py --self-test          (train.sh runs it first)

Writes Universal NER's columns (id, token, tag) with "# newdoc id" lines, which
morgue-train-tagger reads. Run by train.sh.
"""
import re
import sys

KINDS = {"person": "PER", "organization": "ORG", "place": "LOC"}
JOINERS = {"of", "the", "de", "du", "von", "van", "der", "la", "le", "del", "da", "y"}
AND_JOINERS = {"and", "&"}
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "sir", "lord",
    "lady", "king", "queen", "prince", "princess", "senator", "sen", "rep", "gov",
    "governor", "general", "gen", "captain", "capt", "judge", "justice", "pope", "saint",
    "st", "rev", "reverend", "chancellor", "minister", "prime", "secretary", "chairman",
    "mayor", "officer", "sergeant", "sgt", "lt", "lieutenant", "colonel", "col", "admiral",
    "bishop", "archbishop", "cardinal", "father", "sister", "brother", "emperor",
    "empress", "duke", "duchess", "count", "countess", "baron", "dame", "commander",
    "coach", "detective", "inspector", "agent", "chief", "deputy", "vice", "congressman",
    "congresswoman", "representative", "ambassador", "councillor", "councilman",
    "premier", "sheikh", "shaikh", "imam", "rabbi", "emir", "sultan", "tsar", "czar",
    "former", "late", "then", "new", "major", "spokesman", "spokeswoman", "spokesperson",
}
# Groups GUM types as person ("White", "Hispanic" in a census table) are not names.
GROUPS = {"american", "white", "black", "hispanic", "asian", "indian", "islander", "african",
          "european", "latino", "latina", "native", "caucasian", "arab", "jewish"}
OPEN = re.compile(r"\((\d+)-([a-z]+)-([^()]*)")
CLOSE = re.compile(r"(\d+)\)")


def entity_events(misc):
    """The mentions a token opens (id, type, identity) and the ids it closes, in order."""
    for field in misc.split("|"):
        if not field.startswith("Entity="):
            continue
        text = field[len("Entity="):]
        pos = 0
        while pos < len(text):
            if text[pos] == "(":
                m = OPEN.match(text, pos)
                if not m:
                    raise ValueError("bad Entity field: " + field)
                attrs = m.group(3).split("-", 5)  # infstat salience centering minspan link identity
                identity = attrs[5] if len(attrs) > 5 else ""
                yield ("open", m.group(1), m.group(2), identity)
                pos = m.end()
                if pos < len(text) and text[pos] == ")":
                    yield ("close", m.group(1), None, None)
                    pos += 1
            else:
                m = CLOSE.match(text, pos)
                if not m:
                    raise ValueError("bad Entity field: " + field)
                yield ("close", m.group(1), None, None)
                pos = m.end()


def mentions(tokens):
    """Every mention of the sentence: (begin, end, type, identity), end exclusive."""
    open_at, out = {}, []
    for i, tok in enumerate(tokens):
        for kind, eid, etype, identity in entity_events(tok["misc"]):
            if kind == "open":
                open_at.setdefault(eid, []).append((i, etype, identity))
            else:
                begin, etype, identity = open_at[eid].pop()
                out.append((begin, i + 1, etype, identity))
    return out


def proper(token):
    """A proper noun by either tag set: GUM tags "United" of "United States" VERB but NNP."""
    return token["upos"] == "PROPN" or token["xpos"] in ("NNP", "NNPS")


def name_span(tokens, begin, end, etype, nested_starts):
    """The name inside the mention [begin, end), or None when it is not one."""
    heads = [i for i in range(begin, end) if not (begin <= tokens[i]["head"] < end)]
    if not heads or not proper(tokens[heads[0]]):
        return None
    head = heads[0]

    def part(i):  # a word of a name: a proper noun, or a capitalised modifier before its head
        # ("New York", "United Kingdom"; after the head a capital may be a title-case heading's)
        form = tokens[i]["form"]
        return proper(tokens[i]) or (
            i < head and tokens[i]["upos"] in ("ADJ", "NOUN", "NUM") and form[:1].isupper())

    def joins(i):
        word = tokens[i]["form"].lower()
        if word in JOINERS or (word == "-" and "SpaceAfter=No" in tokens[i - 1]["misc"]):
            return True
        return etype == "organization" and word in AND_JOINERS and (i + 1) not in nested_starts

    b = head
    while b > begin and (part(b - 1) or (joins(b - 1) and b - 2 >= begin and part(b - 2))):
        b -= 1 if part(b - 1) else 2
    def joins_after(i):  # a person's name goes on past its head only by a hyphen: "Alvin
        # Yeung of Civic Party" is Alvin Yeung
        return joins(i) and (etype != "person" or tokens[i]["form"] == "-")

    e = head + 1
    while e < end and (part(e) or (joins_after(e) and e + 1 < end and part(e + 1))):
        e += 1 if part(e) else 2
    if etype == "person":
        # Everything up to the last title before the head: "US President Barack Obama",
        # "Major general Fuad Basya" are "Barack Obama", "Fuad Basya".
        for i in range(b, head):
            if tokens[i]["form"].lower().rstrip(".") in TITLES:
                b = i + 1
        if "Number=Plur" in tokens[head]["feats"] or (
                e - b == 1 and tokens[b]["form"].lower() in GROUPS):
            return None
    return (b, e)


def convert(path, out):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    tokens = []

    def flush():
        if not tokens:
            return
        tags = ["O"] * len(tokens)
        found = mentions(tokens)
        nested_starts = {b for b, _, _, _ in found}
        named = []
        for begin, end, etype, _ in found:
            if etype not in KINDS:
                continue
            span = name_span(tokens, begin, end, etype, nested_starts - {begin})
            if span:
                named.append((span[0], span[1], KINDS[etype]))
        # outermost first: a longer name keeps the tokens a nested one would take
        for b, e, kind in sorted(named, key=lambda n: (n[0] - n[1], n[0])):
            if all(t == "O" for t in tags[b:e]):
                tags[b] = "B-" + kind
                for i in range(b + 1, e):
                    tags[i] = "I-" + kind
        for i, (tok, tag) in enumerate(zip(tokens, tags)):
            out.write(f"{i + 1}\t{tok['form']}\t{tag}\n")
        out.write("\n")
        tokens.clear()

    for line in lines:
        if line.startswith("# newdoc id = "):
            flush()
            out.write(line + "\n")
        elif not line.strip():
            flush()
        elif line.startswith("#"):
            continue
        else:
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue  # multiword tokens and empty nodes
            tokens.append({"form": cols[1], "upos": cols[3], "xpos": cols[4],
                           "head": int(cols[6]) - 1,
                           "feats": cols[5],
                           "misc": cols[9]})
    flush()


SAMPLE = """# newdoc id = sample
1\tProfessor\tProfessor\tPROPN\tNNP\t_\t3\tcompound\t_\tEntity=(1-person-new-s-cf1-3-coref-Cres_Eastman
2\tCres\tCres\tPROPN\tNNP\t_\t3\tcompound\t_\t_
3\tEastman\tEastman\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)
4\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_
5\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\tEntity=(2-organization-new-s-cf2-2-sgl
6\tMedical\tMedical\tPROPN\tNNP\t_\t7\tcompound\t_\t_
7\tJournal\tJournal\tPROPN\tNNP\t_\t4\tobj\t_\t_
8\tof\tof\tADP\tIN\t_\t9\tcase\t_\t_
9\tAustralia\tAustralia\tPROPN\tNNP\t_\t7\tnmod\t_\tEntity=(3-place-new-s-cf3-1-coref-Australia)2)
10\tand\tand\tCCONJ\tCC\t_\t13\tcc\t_\t_
11\tthe\tthe\tDET\tDT\t_\t13\tdet\t_\tEntity=(4-person-new-s-cf4-2-sgl
12\tAustralian\tAustralian\tADJ\tJJ\t_\t13\tamod\t_\t_
13\tdoctors\tdoctor\tNOUN\tNNS\t_\t7\tconj\t_\tEntity=4)
14\tin\tin\tADP\tIN\t_\t16\tcase\t_\t_
15\tNew\tNew\tADJ\tJJ\t_\t16\tamod\t_\tEntity=(5-place-new-s-cf5-2-sgl-New_York
16\tYork\tYork\tPROPN\tNNP\t_\t4\tobl\t_\tEntity=5)
"""
EXPECTED = """# newdoc id = sample
1\tProfessor\tO
2\tCres\tB-PER
3\tEastman\tI-PER
4\tleft\tO
5\tthe\tO
6\tMedical\tB-ORG
7\tJournal\tI-ORG
8\tof\tI-ORG
9\tAustralia\tI-ORG
10\tand\tO
11\tthe\tO
12\tAustralian\tO
13\tdoctors\tO
14\tin\tO
15\tNew\tB-LOC
16\tYork\tI-LOC

"""


def self_test():
    """A person after a title, a body with a place inside, a group, a place after a modifier."""
    import io
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".conllu", delete=False) as f:
        f.write(SAMPLE)
    out = io.StringIO()
    convert(f.name, out)
    if out.getvalue() != EXPECTED:
        sys.exit("gum_to_iob.py: self-test failed:\n" + out.getvalue())


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return
    for path in sys.argv[1:]:
        convert(path, sys.stdout)


if __name__ == "__main__":
    main()
