"""Write the fingerprints of the appraised web pages: hashes of every 8-word run of each page.

Why: the course must never copy the pages it appraises, and a test checks every paraphrase in
``widgets/data/appraisal.yaml`` against its page. The pages themselves are third-party text kept outside
the repository (``../shared/seeds/``); the repository keeps only these hashes, which detect a copied run
without holding the text. Run again when a page is added:

    python tools/seed_fingerprints.py [SEED_DIR]      # default ../shared/seeds
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from widgets import appraisal  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "seed_fingerprints.json"


def main(argv: list[str]) -> int:
    seed_dir = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    out = {"run_words": appraisal.COPY_RUN, "pages": {}}
    for page in appraisal.load().pages:
        path = seed_dir / page.seed
        if not path.exists():
            print(f"{path}: not found (the stored copy of {page.key})")
            return 2
        out["pages"][page.seed] = " ".join(sorted(appraisal.fingerprints(path.read_text(encoding="utf-8"))))
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {sum(len(v.split()) for v in out['pages'].values())} runs of "
          f"{appraisal.COPY_RUN} words from {len(out['pages'])} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
