#!/usr/bin/env bash
# Build the frozen app (PyInstaller, one folder) from the locked versions, as it is shipped: dist/smgov/smgov.
# Its own venv (build/venv), so the build has only the app's dependencies at the versions in constraints/shipped.txt,
# whatever the development venv holds. Everything it writes is under build/ and dist/ (both ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=build/venv
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet -c constraints/shipped.txt -e '.[build]'

start=$(date +%s)
"$venv/bin/pyinstaller" build.spec --noconfirm --clean --log-level WARN --workpath build/pyinstaller --distpath dist
echo "frozen build: $(($(date +%s) - start)) s, dist/smgov is $(du -sh dist/smgov | cut -f1)"
