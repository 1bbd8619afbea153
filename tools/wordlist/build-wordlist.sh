#!/usr/bin/env bash
# Regenerates the invite-token word list (words-en.txt) from SCOWL
# (Debian package "scowl"). Deterministic: the same scowl package and
# exclude.txt always give byte-identical output. See README.md.
#
# Usage: tools/wordlist/build-wordlist.sh [OUTPUT_FILE]
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-$ROOT/registration-core/src/main/resources/org/matrixregistration/core/token/words-en.txt}
EXCLUDE=$HERE/exclude.txt
SIZE=4096                  # a power of two: log2(SIZE) bits per word
SCOWL=/usr/share/dict/scowl
TESTED_SCOWL_VERSION=2020.12.07-2

if [ ! -r "$SCOWL/english-words.10" ]; then
    echo "scowl not found, installing the Debian package..." >&2
    SUDO=
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q scowl >&2
fi
version=$(dpkg-query -W -f='${Version}' scowl 2>/dev/null || echo unknown)
if [ "$version" != "$TESTED_SCOWL_VERSION" ]; then
    echo "warning: scowl $version installed, list was built from $TESTED_SCOWL_VERSION;" \
         "output may differ" >&2
fi

# Candidate words come from the most common size classes (10, 20, 35) of the
# "english" (all spellings) and "american" word lists. Size classes 40 and 50
# are read only to recognise comparatives (a word "Xer" is dropped when "Xest"
# exists).
args=()
for lvl in 10 20 35; do
    args+=("cand=$lvl" "$SCOWL/english-words.$lvl" "$SCOWL/american-words.$lvl")
done
for lvl in 40 50; do
    args+=("cand=0" "$SCOWL/english-words.$lvl" "$SCOWL/american-words.$lvl")
done

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.ranked"' EXIT

awk -v excl="$EXCLUDE" '
BEGIN {
    alpha = "abcdefghijklmnopqrstuvwxyz"
    while ((getline w < excl) > 0) {
        sub(/\r$/, "", w)
        if (w != "" && w !~ /^#/) ex[w] = 1
    }
    close(excl)
}
# a stem counts if it is a common (size <= 35) word of three letters or more
function st(s) { return length(s) >= 3 && (s in stem) }
# the word with its last n letters removed
function cut(w, n) { return substr(w, 1, length(w) - n) }
# a doubled final consonant: "stopp" -> "stop"
function undouble(s,   n) {
    n = length(s)
    if (n >= 2 && substr(s, n, 1) == substr(s, n - 1, 1)) return substr(s, 1, n - 1)
    return ""
}
function inflected(w,   s, u) {
    if (w ~ /[^s]s$/) {                          # plurals, 3rd person
        if (st(cut(w, 1))) return 1
        if (w ~ /es$/ && st(cut(w, 2))) return 1
        if (w ~ /ies$/ && st(cut(w, 3) "y")) return 1
    }
    if (w ~ /ed$/) {                             # past tense
        s = cut(w, 2)
        if (st(s) || (length(w) >= 5 && st(cut(w, 1)))) return 1
        u = undouble(s); if (u != "" && st(u)) return 1
        if (w ~ /ied$/ && st(cut(w, 3) "y")) return 1
    }
    if (w ~ /ing$/) {                            # gerunds
        s = cut(w, 3)
        if (st(s) || st(s "e")) return 1
        u = undouble(s); if (u != "" && st(u)) return 1
        if (w ~ /ying$/ && st(cut(w, 4) "ie")) return 1
    }
    if (w ~ /est$/) {                            # superlatives: "Xest" with "Xer"
        s = cut(w, 3)
        if ((s "er") in known && length(s) >= 2) return 1
    }
    if (w ~ /er$/) {                             # comparatives: "Xer" with "Xest"
        s = cut(w, 2)                            # (agent nouns have no "Xest")
        u = undouble(s)
        if (!(st(s) || st(s "e") || (u != "" && st(u)) || (w ~ /ier$/ && st(cut(w, 3) "y")))) return 0
        if ((s "est") in known || (cut(w, 1) "st") in known) return 1
    }
    if (w ~ /ly$/) {                             # adverbs
        if (st(cut(w, 2)) || st(cut(w, 3) "le")) return 1
        if (w ~ /ily$/ && st(cut(w, 3) "y")) return 1
    }
    return 0
}
# deterministic pseudo-random rank, so that the cut inside a size class does
# not depend on the alphabet (exact integer arithmetic, any POSIX awk)
function rank(w,   h, i) {
    h = 7
    for (i = 1; i <= length(w); i++)
        h = (h * 131 + index(alpha, substr(w, i, 1))) % 1000003
    return h
}
{
    w = $0
    sub(/\r$/, "", w)
    if (w !~ /^[a-z]+$/) next                    # no capitals, apostrophes, accents
    known[w] = 1
    if (cand == 0) next
    stem[w] = 1
    n = length(w)
    if (n < 3 || n > 7) next
    if (!(w in level) || cand < level[w]) level[w] = cand
}
END {
    for (w in level)
        if (!(w in ex) && !inflected(w))
            printf "%d %07d %s\n", level[w], rank(w), w
}
' "${args[@]}" | sort -k1,1n -k2,2n -k3,3 > "$tmp.ranked"

# For reviewing: WORDLIST_CANDIDATES=FILE keeps the whole ranked pool
# ("sizeclass rank word", best first); the first $SIZE lines are taken.
if [ -n "${WORDLIST_CANDIDATES:-}" ]; then cp "$tmp.ranked" "$WORDLIST_CANDIDATES"; fi
awk -v n="$SIZE" 'NR <= n { print $3 }' "$tmp.ranked" | sort -u > "$tmp"

count=$(wc -l < "$tmp")
if [ "$count" -ne "$SIZE" ]; then
    echo "error: only $count words survived the filters, need $SIZE" >&2
    exit 1
fi
mkdir -p "$(dirname "$OUT")"
cat "$tmp" > "$OUT"
echo "wrote $count words to $OUT" >&2
