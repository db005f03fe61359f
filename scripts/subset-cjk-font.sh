#!/usr/bin/env bash
# Rebuilds assets/fonts/NotoSansCJKsc-Regular-subset.otf, the font the PDF certificates embed.
# Source: Noto Sans CJK SC Regular from Debian's fonts-noto-cjk (SIL OFL 1.1), cut down to
#   GB 2312 + the 通用规范汉字表 (8105 characters, Unihan kTGH, which holds the characters of
#   personal names that GB 2312 lacks: 喆 堃 玥 珺 …) + Latin, punctuation, CJK symbols, full-width forms.
# Desubroutinized so each PDF embeds only the outlines of the glyphs it uses (a few KB), not the
# shared subroutines (~25 KB more per PDF); CFF hints are kept for small sizes on screen. Only
# horizontal, language-neutral layout features: 'locl' (Japanese/Korean/Traditional forms) and
# 'vert' (vertical writing) would double the glyph count for nothing a certificate prints.
# Needs: apt-get install fonts-noto-cjk python3-fonttools unicode-data
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/fonts/NotoSansCJKsc-Regular-subset.otf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" <<'PY'
import bz2, sys
from fontTools.ttLib import TTCollection
work = sys.argv[1]
collection = TTCollection('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')
sc = next(f for f in collection.fonts if f['name'].getDebugName(4) == 'Noto Sans CJK SC')
sc.save(f'{work}/full.otf')

chars = set()
for lead in range(0xA1, 0xF8):          # every character GB 2312 encodes
    for trail in range(0xA1, 0xFF):
        try:
            chars.add(bytes([lead, trail]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
with bz2.open('/usr/share/unicode/Unihan_OtherMappings.txt.bz2', 'rt', encoding='utf-8') as f:
    for line in f:
        if line.startswith('U+') and '\tkTGH\t' in line:
            chars.add(chr(int(line.split('\t')[0][2:], 16)))
for first, last in [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2460, 0x24FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
    chars.update(chr(c) for c in range(first, last + 1))
with open(f'{work}/chars.txt', 'w', encoding='utf-8') as f:
    f.write(''.join(sorted(chars)))
PY

/usr/bin/python3 -m fontTools.subset "$work/full.otf" --text-file="$work/chars.txt" --desubroutinize \
  --layout-features=ccmp,liga,calt,kern,mark,mkmk --output-file="$out"
ls -l "$out"
