"""Telethon (Debian's python3-telethon) as a differential peer for the MTProto 2.0 primitives.

Reads ONE JSON batch on stdin, {"ops": [...]}, and writes {"telethon": version, "results": [...]}
on stdout, one result per op in order. Bytes travel as lowercase hex. Ops:

  {"op": "ige_encrypt" | "ige_decrypt", "backend": "libssl" | "python", "key", "iv", "data"} -> {"out"}
  {"op": "kdf", "key", "msg_key", "x"}                      -> {"aes_key", "aes_iv"}     (_calc_key)
  {"op": "encrypt_message", "key", "salt", "session_id", "data"} -> {"wire"}  (client -> server, x=0)
  {"op": "decrypt_message", "key", "session_id", "wire"}    -> {"ok": true, "msg_id"} | {"ok": false, "reason"}

"backend" picks the IGE Telethon runs: "libssl" is what it ships with when cryptg is absent (OpenSSL's
AES_ige_encrypt through ctypes); "python" forces its own pure-Python IGE loop over pyaes, which shares
no code with OpenSSL. Exit code 3 with {"unavailable": reason} means Telethon cannot be imported.
"""
import json
import logging
import struct
import sys

try:
    import telethon
    from telethon.crypto import AES, AuthKey
    from telethon.crypto import aes as aes_module
    from telethon.errors import SecurityError
    from telethon.network.mtprotostate import MTProtoState
except ImportError as error:  # the adapter turns this into a skip (or a failure under CI)
    json.dump({"unavailable": f"{type(error).__name__}: {error}"}, sys.stdout)
    sys.exit(3)

LIBSSL_ENCRYPT = aes_module.libssl.encrypt_ige
LIBSSL_DECRYPT = aes_module.libssl.decrypt_ige


def use_backend(backend):
    # AES.encrypt_ige looks these module globals up on every call, so swapping them selects the path.
    if aes_module.cryptg is not None:
        raise RuntimeError("cryptg is installed: Telethon would use it instead of the backend under test")
    if backend == "libssl":
        if LIBSSL_ENCRYPT is None:
            raise RuntimeError("Telethon found no libssl on this machine")
        aes_module.libssl.encrypt_ige, aes_module.libssl.decrypt_ige = LIBSSL_ENCRYPT, LIBSSL_DECRYPT
    elif backend == "python":
        aes_module.libssl.encrypt_ige = aes_module.libssl.decrypt_ige = None
    else:
        raise ValueError(f"unknown backend {backend!r}")


class Loggers(dict):
    def __missing__(self, name):
        return logging.getLogger(name)


def state_for(key_hex, session_id_hex):
    state = MTProtoState(AuthKey(bytes.fromhex(key_hex)), Loggers())
    state.id = struct.unpack("<q", bytes.fromhex(session_id_hex))[0]
    return state


def run(op):
    kind = op["op"]
    if kind in ("ige_encrypt", "ige_decrypt"):
        use_backend(op["backend"])
        data, key, iv = (bytes.fromhex(op[k]) for k in ("data", "key", "iv"))
        if len(data) % 16:  # encrypt_ige would append random bytes; the caller must not ask for that
            raise ValueError("IGE data must be a multiple of 16 bytes")
        fn = AES.encrypt_ige if kind == "ige_encrypt" else AES.decrypt_ige
        return {"out": fn(data, key, iv).hex()}
    if kind == "kdf":
        aes_key, aes_iv = MTProtoState._calc_key(bytes.fromhex(op["key"]), bytes.fromhex(op["msg_key"]), op["x"] == 0)
        return {"aes_key": aes_key.hex(), "aes_iv": aes_iv.hex()}
    use_backend("libssl")
    state = state_for(op["key"], op["session_id"])
    if kind == "encrypt_message":
        state.salt = struct.unpack("<q", bytes.fromhex(op["salt"]))[0]
        return {"wire": state.encrypt_message_data(bytes.fromhex(op["data"])).hex()}
    if kind == "decrypt_message":
        try:
            message = state.decrypt_message_data(bytes.fromhex(op["wire"]))
        except SecurityError as error:
            return {"ok": False, "reason": str(error)}
        if message is None:
            return {"ok": False, "reason": "ignored (msg_id time or duplicate check)"}
        return {"ok": True, "msg_id": str(message.msg_id)}
    raise ValueError(f"unknown op {kind!r}")


def main():
    batch = json.load(sys.stdin)
    results = [run(op) for op in batch["ops"]]
    json.dump({"telethon": telethon.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
