#!/bin/bash
# The whole morning checklist in tmux, as a new user would run it on the demo (20 employees):
# keys sent as a terminal sends them, every screen captured, keys and time counted.
#   bash benchmarks/morning.sh [en|ru] [WIDTH] [HEIGHT]     (needs tmux and salestui on PATH)
# Prints the keys pressed, the characters typed and the seconds; the screens are left in
# the folder it names.
set -euo pipefail
L=${1:-en}; W=${2:-80}; H=${3:-24}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d); DB=$WORK/db; OUT=$WORK/screens; mkdir -p "$OUT"
SOCK=salestui-morning-$$
S="tmux -L $SOCK"
trap '$S kill-server 2>/dev/null || true' EXIT
salestui demo --db "$DB" --lang "$L" --employees 20 --no-open --today 2026-11-27 >/dev/null 2>&1
# The team chat's export for today: most of the team wrote in, two senders nobody knows.
python "$HERE/morning_chat.py" "$DB" "$L" > "$WORK/chat.txt"
KEYS=0; CHARS=0; N=0
shot() { N=$((N+1)); sleep "${2:-1}"; $S capture-pane -p -t t > "$OUT/$(printf %02d $N)_$1.txt"; }
k() { for key in "$@"; do $S send-keys -t t "$key"; KEYS=$((KEYS+1)); sleep 0.25; done; }
t() { $S send-keys -t t -l "$1"; CHARS=$((CHARS+${#1})); sleep 0.4; }
if [ "$L" = ru ]; then
    NOTE="Хорошие вопросы о потребностях"; ACTION="Заканчивать звонок датой шага"; BASE="Почта у новых клиентов"
else
    NOTE="Good needs questions"; ACTION="End the call with a dated step"; BASE="E-mails of new clients"
fi
START=$(date +%s.%N)
$S new -d -s t -x "$W" -y "$H" "SALESTUI_PLAYER=true salestui --db '$DB' --lang $L --today 2026-11-27"
shot today 2.5
# 1 Daily metrics: a late sender's six numbers from the chat; done; Esc leaves the grid.
k 1; shot metrics
k Down; t 45; k Tab; t 12; k Tab; t 3; k Tab; t 2; k Tab; t 1; k Tab; t 1; k Tab
k m; shot metrics_done; k Escape
# 2 Hot clients, 3 Finance, 4 Duration, 5 Ratios: read, marked done.
k 2; shot hot 1.5; k m
k 3; shot finance 1.5; k m
k 4; shot duration 1.5; k m
k 5; shot ratios 1; k m
# 6 Base review: the first one due in audit mode; a deal's date fixed, five points rated, a note.
k 6; shot base 1.5
k Enter; shot audit 1.5
k j j k k e; shot fix; t 2026-12-15; k Enter; shot fixed
k Tab; t 4; t 4; t 3; t 4; t 5; shot rated
k n; t "$BASE"; k Enter C-s; shot base_saved 1.5
k m
# 7 Calls: the first in the queue scored by keys, with its duration, notes and an action.
k 7; shot calls 1.5
k Enter; shot form
t 2; t 1; t 2; t 1; t 2; shot scored
k Tab Tab Tab; t 4:30; k Tab; t "$NOTE"; k Tab; t "$ACTION"; shot form_filled
k C-s; shot calls_saved 1.5
k m
# 8 Roll-call: the question copied, the chat imported (preview, confirm).
k 8; shot rollcall 1.5
k y; shot copied
k i; t "$WORK/chat.txt"; k Enter; shot preview 1.5
k Enter; shot imported 1.5
k m
# 0 Today: all eight done; s shows the supervision debt.
k 0; shot today_done 1.5
k s; shot debt 1
END=$(date +%s.%N)
PATHLEN=${#WORK}; PATHLEN=$((PATHLEN + 9))
printf "%s %sx%s: %d keys, %d characters typed (%d of them the chat file's path), %.0f s with a 1-2 s look at each of %d screens; screens in %s\n" \
    "$L" "$W" "$H" $KEYS $CHARS $PATHLEN "$(echo "$END - $START" | bc)" $N "$OUT"
