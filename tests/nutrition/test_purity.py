"""The analysis engine is pure Python (DESIGN.md): importing it loads no Flask and no host
package, so it can run in a worker or a notebook."""
from __future__ import annotations

import subprocess
import sys

ENGINE = ("nutrition.engine", "nutrition.analysis", "nutrition.standard", "nutrition.foods")


def test_the_engine_modules_import_no_flask_and_no_host():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in ENGINE) +
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'flask', 'flask_babel', 'werkzeug', 'suite', 'sqlalchemy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
