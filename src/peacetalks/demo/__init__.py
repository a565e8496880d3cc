"""The bundled sample corpus: documents written for the project, with a manifest."""

from pathlib import Path

CORPUS = Path(__file__).with_name("corpus")
MANIFEST = CORPUS / "manifest.csv"
