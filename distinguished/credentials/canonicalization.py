"""JSON-LD as the proofs need it, offline: the contexts shipped in `contexts/` (any other context URL
is an error and nothing is ever fetched over the network), expansion in "safe mode" (a term the
contexts do not define is refused, not dropped) and the RDFC-1.0 (URDNA2015) canonical N-Quads that
`signing.py` hashes, with a budget against blank-node poisoning. PyLD does the work."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from cachetools import LRUCache
from django.utils.translation import gettext as _
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CID_V1 = "https://www.w3.org/ns/cid/v1"
# The only contexts the loader serves: URL → file in contexts/ (see contexts/README.md).
CONTEXTS = {
    VC_V2: "credentials-v2.json",
    OB_V3: "context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.json",
    CID_V1: "cid-v1.json",
}


class ContextNotShipped(Exception):
    """A document names a JSON-LD context that is not shipped with the code."""


class Unsafe(Exception):
    """Terms of a document its JSON-LD contexts do not define (they would escape the proof)."""

    def __init__(self, terms: list[str]):
        super().__init__(f"terms its contexts do not define: {', '.join(terms)}")
        self.terms = terms


class TooComplex(Exception):
    """A document whose canonicalization would take unbounded time (blank-node poisoning)."""


# --- JSON-LD: the offline document loader and canonicalization ------------------------------------

_documents: dict[str, dict] = {}


def _context(url: str) -> dict:
    if url not in _documents:
        _documents[url] = json.loads((CONTEXT_DIR / CONTEXTS[url]).read_text(encoding="utf-8"))
    return _documents[url]


def document_loader(url: str, options=None) -> dict:
    """PyLD document loader that serves only the shipped contexts; anything else raises."""
    if url not in CONTEXTS:
        raise jsonld.JsonLdError(
            _("The JSON-LD context %(url)s is not one this service knows.") % {"url": url},
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        ) from ContextNotShipped(url)
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_context(url))}


# Resolved contexts, shared by every call: the loader never changes, so caching is safe.
_resolved = LRUCache(maxsize=20)


class _BoundedURDNA2015(URDNA2015):
    """URDNA2015 exactly as PyLD implements it, with a budget: a crafted document whose blank nodes
    cannot be told apart makes the algorithm try every permutation. Our credentials have a handful
    of distinguishable blank nodes, so a small budget never refuses a real one."""

    MAX_N_DEGREE_CALLS = 1000
    MAX_GROUP = 6  # at most 6! = 720 permutations per group of look-alike blank nodes

    def __init__(self):
        super().__init__()
        self.calls = 0

    def create_hash_to_related(self, id_, issuer):
        self.calls += 1
        if self.calls > self.MAX_N_DEGREE_CALLS:
            raise TooComplex("too many look-alike blank nodes")
        hash_to_related = super().create_hash_to_related(id_, issuer)
        if any(len(nodes) > self.MAX_GROUP for nodes in hash_to_related.values()):
            raise TooComplex("too many look-alike blank nodes")
        return hash_to_related


def _options() -> dict:
    return {
        # No base: a relative IRI stays relative (and is refused below) instead of being resolved
        # against PyLD's placeholder base.
        "base": None,
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_resolved, document_loader),
        "processingMode": "json-ld-1.1",
        "produceGeneralizedRdf": False,
    }


def expand(document: dict) -> list:
    """The expanded form of a JSON-LD document, in "safe mode" as JSON-LD verifiers run it: a
    property or type its contexts do not define, or an id or type that stays a relative IRI,
    raises Unsafe (a verifier would drop it, so a proof could not cover it)."""
    dropped: list[str] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=lambda key: dropped.append(str(key)))
    expanded = processor.expand(document, _options())
    relative = _relative_iris(expanded)
    if dropped or relative:
        raise Unsafe(sorted(set(dropped + relative)))
    return expanded


def canonicalize(document: dict) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, expanded in safe mode
    (`expand`)."""
    dataset = jsonld.JsonLdProcessor().to_rdf(expand(document), _options())
    return _BoundedURDNA2015().main(dataset, {"format": "application/n-quads"})


def _is_absolute(iri) -> bool:
    if not isinstance(iri, str) or iri.startswith(jsonld.DEFAULT_BASE_IRI):
        return False
    return iri.startswith("_:") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) is not None


def _relative_datatype(value_node: dict) -> list[str]:
    """A value object's datatype, when it is neither `@json` nor an absolute IRI."""
    datatype = value_node.get("@type")
    if datatype is None or datatype == "@json" or _is_absolute(datatype):
        return []
    return [str(datatype)]


def _relative_id_and_types(node: dict) -> list[str]:
    """A node object's own id and types that are not absolute IRIs."""
    found = []
    if "@id" in node and not _is_absolute(node["@id"]):
        found.append(str(node["@id"]))
    types = node.get("@type", [])
    for value in types if isinstance(types, list) else [types]:
        if not _is_absolute(value):
            found.append(str(value))
    return found


def _relative_iris(node) -> list[str]:
    """The node ids and types of an expanded document that are not absolute IRIs."""
    if isinstance(node, list):
        return [iri for item in node for iri in _relative_iris(item)]
    if not isinstance(node, dict):
        return []
    if "@value" in node:
        return _relative_datatype(node)
    found = _relative_id_and_types(node)
    for key, value in node.items():
        if key not in ("@id", "@type"):
            found += _relative_iris(value)
    return found
