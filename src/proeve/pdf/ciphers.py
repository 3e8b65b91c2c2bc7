"""pypdf without its cipher provider -> pypdf with it (cryptography), once an encrypted PDF is met.

Reviewers send copies that their reader encrypted with an empty user password
("restrict editing" in Acrobat: AES-256 with permissions only). They open
without a password, and pypdf decrypts them, given the `cryptography` package
for AES. pypdf imports that package when it is itself imported, whatever file
it reads (some 20 ms of every diff, verify, extract and comments); here pypdf
is imported without it and the provider is put in only when a file carries an
/Encrypt entry. Where `cryptography` is missing, what is missing is said.
"""

from __future__ import annotations

import sys

from proeve.errors import UsageError

# The names pypdf's _encryption module takes from its provider (pypdf._crypt_providers).
_PROVIDED = (
    "CryptAES", "CryptRC4", "aes_cbc_decrypt", "aes_cbc_encrypt", "aes_ecb_decrypt",
    "aes_ecb_encrypt", "crypt_provider", "rc4_decrypt", "rc4_encrypt",
)  # fmt: skip
_state = {"ciphers": False}


def import_pypdf() -> None:
    """Import pypdf, the first time without `cryptography` (pypdf then binds its fallback)."""
    if "pypdf" in sys.modules:
        return
    if "cryptography" in sys.modules:  # already there: nothing to save
        import pypdf

        _state["ciphers"] = True
        return
    sys.modules["cryptography"] = None  # type: ignore[assignment]  # import fails: fallback
    try:
        import pypdf  # noqa: F401
    finally:
        if sys.modules.get("cryptography", False) is None:
            del sys.modules["cryptography"]


def encrypted(data: bytes) -> bool:
    """Whether the file may be encrypted (its trailer names /Encrypt): a byte search, no parse."""
    return b"/Encrypt" in data


def enable(label: str) -> None:
    """Give pypdf its `cryptography` provider (AES); a UsageError says what is missing."""
    if _state["ciphers"]:
        return
    import_pypdf()
    try:
        from pypdf import _crypt_providers, _encryption
        from pypdf._crypt_providers import _cryptography as provider
    except ImportError:
        raise UsageError(
            f"{label}: the PDF is encrypted, and decrypting it needs the Python package "
            "'cryptography' (>= 3.1), which is not installed: pip install cryptography"
        ) from None
    for name in _PROVIDED:
        value = getattr(provider, name)
        for module in (_crypt_providers, _encryption):
            if hasattr(module, name):
                setattr(module, name, value)
    _state["ciphers"] = True
