import base64
import os
import stat

import pytest

from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.keyfile import load_or_create_master_key, master_key_from_text
from bot.domain.voting.secrecy import generate_master_key

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_missing_key_file_is_created_and_read_back(tmp_path):
    path = tmp_path / "data" / "master.key"
    key = load_or_create_master_key(path)
    assert len(key) == 32
    assert load_or_create_master_key(path) == key
    assert path.read_text() == key.hex() + "\n"


@posix_only
def test_created_key_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "master.key"
    load_or_create_master_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@posix_only
def test_key_file_readable_by_others_is_refused(tmp_path):
    path = tmp_path / "master.key"
    load_or_create_master_key(path)
    path.chmod(0o644)
    with pytest.raises(SecrecyError, match="chmod 600"):
        load_or_create_master_key(path)


def test_damaged_key_file_is_refused_without_replacing_it(tmp_path):
    path = tmp_path / "master.key"
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(SecrecyError, match="is damaged"):
        load_or_create_master_key(path)
    assert path.read_text() == "not a key\n"


def test_master_key_reads_from_hex_text():
    key = generate_master_key()
    assert master_key_from_text(f"  {key.hex().upper()}\n") == key


@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode])
def test_master_key_reads_from_base64_text(encode):
    key = generate_master_key()
    assert master_key_from_text(encode(key).decode()) == key


@pytest.mark.parametrize("text", ["", "abcd", "zz" * 32, base64.b64encode(b"k" * 31).decode()])
def test_text_that_is_not_a_32_byte_key_is_refused_without_echoing_it(text):
    with pytest.raises(SecrecyError) as caught:
        master_key_from_text(text)
    assert "32 bytes" in str(caught.value)
    assert not text or text not in str(caught.value)
