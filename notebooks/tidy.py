"""Checks and tidies one executed notebook (called by notebooks/run.sh).

    tidy.py EXECUTED DEST

EXECUTED is the notebook as Jupyter executed it (with --allow-errors, so that the error
itself is kept). If a cell failed, this prints the first failure as
`DEST, cell N: message`, then the kernel's report of it (the compiler's diagnostic), and
exits 1, leaving DEST untouched. Otherwise it writes the
tidied notebook to DEST (through a temporary file, so DEST is never half-written).

Tidying: evcxr sends every printed line as its own output and shows `()` under a cell
whose last statement is a loop. Jupyter shows both faithfully, but the first makes the
stored notebook many times larger than its text and the second is noise, so each cell's
consecutive outputs of the same stream are joined and the `()` results dropped. Nothing
else changes.
"""
import os
import re
import shutil
import sys
import tempfile

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def tidy(cell):
    outputs = []
    for out in cell.get("outputs", []):
        if out.output_type == "execute_result" and out.data.get("text/plain") == "()":
            continue
        last = outputs[-1] if outputs else None
        if (out.output_type == "stream" and last is not None
                and last.output_type == "stream" and last.name == out.name):
            last.text += out.text
            continue
        outputs.append(out)
    cell.outputs = outputs


def first_error(nb):
    """(cell number from 1, message, the kernel's report) of the first failed cell."""
    for number, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                message = ANSI.sub("", out.get("evalue") or "").strip() or out.get("ename", "error")
                report = "\n".join(ANSI.sub("", line) for line in out.get("traceback", []))
                return number, message, report
    return None


def main(executed, dest):
    nb = nbformat.read(executed, as_version=4)
    error = first_error(nb)
    if error:
        number, message, report = error
        print(f"{dest}, cell {number}: {message}", file=sys.stderr)
        if report.strip() and report.strip() != message:
            print(report, file=sys.stderr)
        return 1
    for cell in nb.cells:
        if cell.cell_type == "code":
            tidy(cell)
    # The Python kernel records its interpreter's patch version: not a result, and it
    # differs from machine to machine.
    if nb.metadata.get("kernelspec", {}).get("language") == "python":
        nb.metadata.get("language_info", {}).pop("version", None)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(dest)), suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)
    # mkstemp makes the file private; the notebook keeps its own permissions.
    shutil.copymode(dest, tmp)
    os.replace(tmp, dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
