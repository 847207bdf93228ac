"""conform protocol v1 adapter over Telethon (packages/runner/PROTOCOL.md).

Telethon has no secret chats. What it has is the cloud MTProto 2.0 record layer
(telethon/network/mtprotostate.py), whose IGE, msg_key and KDF formulas are those of
secret chats with the auth key in place of the chat key (docs/spec.md section 10),
and the auth-key handshake (telethon/network/authenticator.py) with its DH checks.
Every answer below is computed by Telethon code; the adapter converts bytes and picks
the Telethon entry point. Where Telethon offers nothing, the answer is `unsupported`,
never a computation of our own.

Run with Debian's /usr/bin/python3 (python3-telethon); stdin/stdout carry JSON Lines,
stderr carries logs. Requests are answered one at a time, in order (PROTOCOL.md 2).

Most ops are written in prepared form: arguments decoded once, then the Telethon calls, then
the encoding of their output. The op is that form run once, and the `bench` op (PROTOCOL.md 8)
runs the same Telethon calls many times, so a timing is always of the code that produced the
op's answer.
"""
import asyncio
import json
import logging
import os
import struct
import sys
import time
from hashlib import sha1

try:
    import telethon
    from telethon import helpers
    from telethon.crypto import AES, AuthKey, rsa
    from telethon.crypto import aes as aes_module
    from telethon.errors import InvalidBufferError, SecurityError
    from telethon.network import authenticator, mtprotostate
    from telethon.network.mtprotostate import MTProtoState
    from telethon.tl.functions import (
        ReqDHParamsRequest, ReqPqMultiRequest, SetClientDHParamsRequest)
    from telethon.tl.types import ResPQ, ServerDHInnerData, ServerDHParamsOk
except ImportError as error:  # answered at hello: the runner reports a bad hello
    telethon = None
    IMPORT_ERROR = f'{type(error).__name__}: {error}'

HEX_DIGITS = set('0123456789abcdefABCDEF')
INT32 = (-2 ** 31, 2 ** 31 - 1)


class ProtocolError(Exception):
    """A failure with a protocol code (PROTOCOL.md 2.1) and a detail for humans."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code


def unsupported(detail):
    """The op or this variant is not something Telethon offers (reported as skipped)."""
    return ProtocolError('unsupported', detail)


def bad_input(name, expected, got):
    return ProtocolError('bad_input', f'"{name}" expected {expected}, got {got}')


# --- arguments (the adapter's checks, not Telethon's: PROTOCOL.md 3 "Lengths") -------------

def bytes_arg(args, name, length=None, multiple_of=None, optional=False):
    """A hex byte-string argument; a wrong length is bad_input, never truncated or padded."""
    value = args.get(name)
    if value is None:
        if optional:
            return None
        raise bad_input(name, 'hex string', 'nothing (missing)')
    if not isinstance(value, str):
        raise bad_input(name, 'hex string', type(value).__name__)
    if len(value) % 2 or not HEX_DIGITS.issuperset(value):
        raise bad_input(name, 'hex string (pairs of 0-9a-f)', 'other characters')
    data = bytes.fromhex(value)
    if length is not None and len(data) != length:
        raise bad_input(name, f'{length} bytes', f'{len(data)} bytes')
    if multiple_of is not None and len(data) % multiple_of:
        raise bad_input(name, f'a multiple of {multiple_of} bytes', f'{len(data)} bytes')
    return data


def integer_arg(args, name):
    value = args.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        got = 'nothing (missing)' if value is None else repr(value)[:40]
        raise bad_input(name, 'integer', got)
    return value


def key_offset_arg(args):
    """The sender's key offset x (R2.3): 0 or 8."""
    x = integer_arg(args, 'x')
    if x not in (0, 8):
        raise bad_input('x', '0 or 8', str(x))
    return x


def padding_arg(args, message_length):
    """e2e.encrypt's optional padding: 12..1024 bytes, plaintext in whole blocks (R3.4)."""
    padding = bytes_arg(args, 'padding', optional=True)
    if padding is None:
        return None
    if not 12 <= len(padding) <= 1024:
        raise bad_input('padding', '12..1024 bytes (R3.4)', f'{len(padding)} bytes')
    if (4 + message_length + len(padding)) % 16:
        raise bad_input('padding', 'a length making 4 + message + padding whole blocks',
                        f'{len(padding)} bytes')
    return padding


# --- Telethon's record layer ----------------------------------------------------------------

class _Loggers(dict):
    """MTProtoState looks its logger up by module name."""

    def __missing__(self, name):
        return logging.getLogger(name)


class _PaddingLength(Exception):
    def __init__(self, asked):
        super().__init__(f'Telethon asked for {asked} padding bytes')
        self.asked = asked


class _Urandom:
    """Stands in for the `os` module inside one Telethon module: urandom comes from `source`."""

    def __init__(self, source):
        self.urandom = source


def encrypt_as_client(key, header, data, padding):
    """MTProtoState.encrypt_message_data, Telethon's client->server envelope (x = 0).

    It builds key_id + msg_key + IGE(salt + session_id + data + padding) with 12..27
    padding bytes, the fewest that align. Glue: salt and session_id are opaque bytes to
    Telethon, so an E2E plaintext le32(L) + message + padding (R3.2) is handed over as
    header = its first 16 bytes and data = the rest. With `padding` given, the module's
    os.urandom returns exactly those bytes, and only if Telethon asks for that many.
    """
    state = MTProtoState(AuthKey(key), _Loggers())
    state.salt, state.id = struct.unpack('<qq', header)
    if padding is None:
        return state.encrypt_message_data(data)

    def source(count):
        if count != len(padding):
            raise _PaddingLength(count)
        return padding

    mtprotostate.os = _Urandom(source)
    try:
        return state.encrypt_message_data(data)
    except _PaddingLength as error:
        raise unsupported(
            f'Telethon pads this plaintext with {error.asked} bytes (12..27, the fewest that '
            f'align); it cannot be made to use the requested {len(padding)}') from None
    finally:
        mtprotostate.os = os


def in_child(work):
    """Runs work() in a forked child and returns ('ok', value) | ('raised', name, text) |
    ('signal', number). Telethon's libssl IGE hands any length to OpenSSL's
    AES_ige_encrypt, which aborts the whole process on a partial block: a fork lets the
    adapter observe that instead of dying with it."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never touches stdout
        os.close(read_end)
        try:
            result = ['ok', work()]
        except Exception as error:  # reported to the parent, judged there
            result = ['raised', type(error).__name__, str(error)]
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return ['signal', os.WTERMSIG(status)]
    return json.loads(b''.join(chunks))


# --- Telethon's auth-key handshake, driven by a fake server ---------------------------------

# The pq of the official sample (core.telegram.org/mtproto/samples-auth_key).
PQ = bytes.fromhex('17ed48941a08f981')


class _ChecksPassed(Exception):
    """Telethon sent set_client_DH_params: every DH check it makes has passed."""


class _FakeServer:
    """Plays the server side of do_authentication with no network.

    authenticator.py checks g, g_a and g_b inline, between receiving server_DH_inner_data
    and sending set_client_DH_params; the only way to run those checks is to run the
    handshake. This sender answers req_pq_multi and req_DH_params with the p, g and g_a
    under test and stops at set_client_DH_params. Its own crypto (the temporary AES key)
    is Telethon's too; none of it is judged.
    """

    def __init__(self, p, g, g_a):
        self.p, self.g, self.g_a = p, g, g_a
        self.nonce = self.server_nonce = None
        self.new_nonce = None
        self.delivered = False
        # A current (not "old") key Telethon knows, so that it encrypts with RSA_PAD.
        self.fingerprint = next(fp for fp, (_, old) in rsa._server_keys.items() if not old)

    def urandom(self, count):
        """authenticator's os.urandom: new_nonce is its only 32-byte draw. A real server
        recovers it with its RSA key; the fake one records it."""
        value = os.urandom(count)
        if count == 32 and self.new_nonce is None:
            self.new_nonce = int.from_bytes(value, 'little', signed=True)
        return value

    async def send(self, request):
        if isinstance(request, ReqPqMultiRequest):
            self.nonce = request.nonce
            self.server_nonce = int.from_bytes(os.urandom(16), 'little', signed=True)
            return ResPQ(self.nonce, self.server_nonce, PQ, [self.fingerprint])
        if isinstance(request, ReqDHParamsRequest):
            key, iv = helpers.generate_key_data_from_nonce(self.server_nonce, self.new_nonce)
            inner = bytes(ServerDHInnerData(self.nonce, self.server_nonce, self.g, self.p,
                                            self.g_a, int(time.time())))
            answer = sha1(inner).digest() + inner
            answer += os.urandom(-len(answer) % 16)
            self.delivered = True
            return ServerDHParamsOk(self.nonce, self.server_nonce,
                                    AES.encrypt_ige(answer, key, iv))
        if isinstance(request, SetClientDHParamsRequest):
            raise _ChecksPassed()
        raise RuntimeError(f'fake server: unexpected {type(request).__name__}')


def run_handshake(p, g, g_a):
    """None if Telethon accepted p, g and g_a; else the exception it stopped with."""
    server = _FakeServer(p, g, g_a)
    authenticator.os = _Urandom(server.urandom)
    try:
        asyncio.run(authenticator.do_authentication(server))
    except _ChecksPassed:
        return None
    except (SecurityError, ValueError, ZeroDivisionError) as error:
        if not server.delivered:  # before p, g and g_a reached Telethon: a fake-server bug
            raise
        return error
    finally:
        authenticator.os = os
    raise RuntimeError('fake server: the handshake completed without a dh_gen answer')


# --- prepared form and bench (PROTOCOL.md 8) -------------------------------------------------

MAX_BENCH_ITERATIONS = 1_000_000
_MISSING = object()  # an argument that is not in the request at all


class Prepared:
    """A workload with its arguments decoded. run() is the Telethon call, the only code in the
    timed loop; encode(output) makes the op's results from one run (and may raise the op's own
    ProtocolErrors). With on_signal set, the runs happen in a forked child (in_child) and a
    child killed by a signal raises on_signal(signal): run()'s output then crosses a pipe as
    JSON."""

    __slots__ = ('run', 'encode', 'on_signal')

    def __init__(self, run, encode, on_signal=None):
        self.run, self.encode, self.on_signal = run, encode, on_signal


def timed(run, iterations):
    """(nanoseconds for `iterations` back-to-back runs, the output of the last run)."""
    output = None
    start = time.perf_counter_ns()
    for _ in range(iterations):
        output = run()
    return time.perf_counter_ns() - start, output


def in_child_or_raise(prepared, work):
    """work() in a forked child; a death by signal or an exception there is raised here."""
    outcome = in_child(work)
    if outcome[0] == 'signal':
        raise prepared.on_signal(outcome[1])
    if outcome[0] == 'raised':
        raise RuntimeError(f'{outcome[1]}: {outcome[2]}')
    return outcome[1]


def op_of(prepare):
    """The op a workload stands for: prepare, one run, encode."""
    def op(args):
        prepared = prepare(args)
        if prepared.on_signal is None:
            return prepared.encode(prepared.run())
        return prepared.encode(in_child_or_raise(prepared, prepared.run))
    return op


def op_bench(args):
    """bench: {workload, args, iterations} -> {elapsed_ns, iterations, result}. A wrong request
    is bad_input, a workload not offered unsupported; otherwise the op's own answer, errors
    included."""
    workload = args.get('workload', _MISSING)
    if not isinstance(workload, str):
        raise bad_input('workload', 'the name of a stateless op', describe(workload))
    work_args = args.get('args', _MISSING)
    if not isinstance(work_args, dict):
        raise bad_input('args', "an object of the workload's arguments", describe(work_args))
    iterations = args.get('iterations', _MISSING)
    if (isinstance(iterations, bool) or not isinstance(iterations, int)
            or not 1 <= iterations <= MAX_BENCH_ITERATIONS):
        raise bad_input('iterations', f'an integer in 1..{MAX_BENCH_ITERATIONS}',
                        describe(iterations))
    prepare = WORKLOADS.get(workload)
    if prepare is None:
        raise unsupported(BENCH_NOT_OFFERED.get(
            workload, f'no bench workload "{workload}" (offered: {", ".join(WORKLOADS)})'))
    prepared = prepare(work_args)
    if prepared.on_signal is None:
        elapsed, output = timed(prepared.run, iterations)
    else:  # the whole loop in one child: a fork per run would be most of the time measured
        elapsed, output = in_child_or_raise(
            prepared, lambda: list(timed(prepared.run, iterations)))
    return {'elapsed_ns': str(elapsed), 'iterations': iterations,
            'result': prepared.encode(output)}


def describe(value):
    """A short description of an argument for error details (never the value itself)."""
    if value is _MISSING:
        return 'nothing (missing)'
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return f'boolean {str(value).lower()}'
    if isinstance(value, (int, float)):
        return f'number {value}'
    if isinstance(value, str):
        return f'a string of {len(value)} characters'
    return 'an array' if isinstance(value, list) else 'an object'


# --- ops ------------------------------------------------------------------------------------

def prepare_ige(args, encrypt):
    """R1: AES.encrypt_ige / decrypt_ige (libssl backend here: OpenSSL's AES_ige_encrypt).
    encrypt_ige appends random bytes to a partial block, so the protocol's length rule,
    checked first, is what keeps the result defined."""
    key = bytes_arg(args, 'key', length=32)
    iv = bytes_arg(args, 'iv', length=32)
    data = bytes_arg(args, 'data', multiple_of=16)
    fn = AES.encrypt_ige if encrypt else AES.decrypt_ige
    return Prepared(lambda: fn(data, key, iv), lambda output: {'data': output.hex()})


def op_msg_key(args):
    """R2.1 msg_key. Telethon computes it in encrypt_message_data (x = 0) only; its
    server->client check compares without exposing the value. A plaintext P of 32+ bytes
    is handed over as header P[0:16], data P[16:-16] and padding P[-16:] (Telethon pads
    such data with exactly 16 bytes); msg_key is wire[8:24]. Not a bench workload
    (BENCH_NOT_OFFERED)."""
    key = bytes_arg(args, 'key', length=256)
    x = key_offset_arg(args)
    plaintext = bytes_arg(args, 'plaintext', multiple_of=16)
    if x == 8:
        raise unsupported('Telethon computes msg_key only for client->server messages (x = 0)')
    if len(plaintext) < 32:
        raise unsupported('Telethon plaintexts hold 16 header bytes and 12+ padding bytes: '
                          '32 bytes at least')
    wire = encrypt_as_client(key, plaintext[:16], plaintext[16:-16], plaintext[-16:])
    return {'msg_key': wire[8:24].hex()}


def prepare_kdf(args):
    """R2.1 KDF: MTProtoState._calc_key; its `client` flag is true exactly when x = 0."""
    key = bytes_arg(args, 'key', length=256)
    msg_key = bytes_arg(args, 'msg_key', length=16)
    client = key_offset_arg(args) == 0
    return Prepared(lambda: MTProtoState._calc_key(key, msg_key, client),
                    lambda keys: {'aes_key': keys[0].hex(), 'aes_iv': keys[1].hex()})


def prepare_e2e_encrypt(args):
    """R3.1-R3.6: the E2E envelope through encrypt_message_data. x = 0 only."""
    key = bytes_arg(args, 'key', length=256)
    x = key_offset_arg(args)
    message = bytes_arg(args, 'message', multiple_of=4)
    padding = padding_arg(args, len(message))
    if x == 8:
        raise unsupported('Telethon encrypts only client->server messages (x = 0)')
    if len(message) < 12:
        raise unsupported('the first 16 plaintext bytes stand in for salt and session_id: '
                          '12+ message bytes needed')
    plain = struct.pack('<I', len(message)) + message
    header, data = plain[:16], plain[16:]
    return Prepared(lambda: encrypt_as_client(key, header, data, padding),
                    lambda wire: {'data': wire.hex()})


def prepare_e2e_decrypt(args):
    """R3.7 through MTProtoState.decrypt_message_data, Telethon's server->client path
    (x = 8): key id (step 2), KDF, IGE and msg_key over the whole buffer (steps 3-4).
    Past that it parses the cloud layout (salt, session_id, msg_id, ...), not the E2E
    one, so step 5 is not Telethon's to judge: a message whose msg_key Telethon accepts
    is answered `unsupported`. Runs in a forked child (see in_child); every answer is an
    error."""
    key = bytes_arg(args, 'key', length=256)
    x = key_offset_arg(args)
    data = bytes_arg(args, 'data')
    if x == 0:
        raise unsupported('Telethon decrypts only server->client messages (x = 8)')

    def work():
        try:
            MTProtoState(AuthKey(key), _Loggers()).decrypt_message_data(data)
        except InvalidBufferError as error:
            return ['rejected', f'InvalidBufferError ({error})']
        except SecurityError as error:
            text = str(error)
            if 'invalid auth key' in text or "msg_key doesn't match" in text:
                return ['rejected', text]
            return ['after', f'then refused it in its cloud-layout checks ({text})']
        except Exception as error:  # the cloud-layout parse of an E2E plaintext
            return ['after', f'then failed in its cloud-layout parsing ({error})']
        return ['after', 'and parsed it as a cloud message']

    def died(signal):
        return ProtocolError(
            'internal',
            f'the process running Telethon died with signal {signal} in '
            f'decrypt_message_data ({max(len(data) - 24, 0)} ciphertext bytes, not whole blocks)')

    def encode(outcome):
        verdict, detail = outcome
        if verdict == 'rejected':
            raise ProtocolError('rejected', f'Telethon: {detail}')
        raise unsupported(f'Telethon accepted the key id and msg_key (R3.7 steps 2-4) {detail}; '
                          'the E2E length checks of step 5 are not in Telethon')

    return Prepared(work, encode, on_signal=died)


def op_check_params(args):
    """R4.2 through the handshake: p and g as the server's, g_a = p // 2 (inside every
    range check whenever p is a 2048-bit number), so a refusal is about p or g: Telethon
    checks 1 < g < p - 1 (its message says "g_a" for that check too), and g_b = g^b mod p
    can fail its range check for a degenerate p (2^2047, say). Any exception once p and g
    are in (pow() with p = 0) stops the handshake too. p itself is never checked."""
    p = bytes_arg(args, 'p')
    g = integer_arg(args, 'g')
    if not INT32[0] <= g <= INT32[1]:
        raise unsupported('g travels as a TL int: Telethon never sees this value')
    g_a = int.from_bytes(p, 'big') // 2
    refusal = run_handshake(p, g, g_a.to_bytes((g_a.bit_length() + 7) // 8, 'big'))
    if refusal is None:
        return {}
    raise ProtocolError('bad_params', f'Telethon: {type(refusal).__name__}: {refusal}')


def op_check_public(args):
    """R4.3 through the handshake: the server's g_a is the value under test, g = 3."""
    p = bytes_arg(args, 'p', length=256)
    value = bytes_arg(args, 'value')
    refusal = run_handshake(p, 3, value)
    if refusal is None:
        return {}
    if isinstance(refusal, SecurityError) and str(refusal).startswith('g_a is not within'):
        raise ProtocolError('bad_public', f'Telethon: {refusal}')
    raise RuntimeError(f'Telethon refused for another reason: {refusal!r}')


def op_dh_public(args):
    """R4.5: g_b as authenticator.py computes it, `pow(g, b, dh_prime)`. Telethon sends
    `rsa.get_byte_array(g_b)`, the minimal form (as TDLib's DhHandshake::get_g_b does;
    receivers parse a number, R4.3); the protocol's result is the same number as 256
    bytes, so only here does the adapter left-pad (PROTOCOL.md 5, dh.public)."""
    p = bytes_arg(args, 'p', length=256)
    g = integer_arg(args, 'g')
    secret = bytes_arg(args, 'secret', length=256)
    get_int = authenticator.get_int
    g_b = pow(g, get_int(secret, signed=False), get_int(p, signed=False))
    return {'public': rsa.get_byte_array(g_b).rjust(256, b'\0').hex()}


def prepare_dh_key(args):
    """R4.7: the auth key of authenticator.py, `AuthKey(rsa.get_byte_array(gab))` with
    `gab = pow(g_a, b, dh_prime)`: the key exactly as Telethon keeps it (not padded by the
    adapter: those bytes are what it hashes for the key id) and its key id."""
    p = bytes_arg(args, 'p', length=256)
    peer = bytes_arg(args, 'public')
    secret = bytes_arg(args, 'secret', length=256)
    get_int = authenticator.get_int
    g_a, b, dh_prime = (get_int(peer, signed=False), get_int(secret, signed=False),
                        get_int(p, signed=False))

    def run():
        return AuthKey(rsa.get_byte_array(pow(g_a, b, dh_prime)))

    def encode(auth_key):
        if auth_key.key is None:
            raise RuntimeError('Telethon keeps no key for a zero result')
        return {'key': auth_key.key.hex(),
                'fingerprint': struct.pack('<Q', auth_key.key_id).hex()}

    return Prepared(run, encode)


def op_fingerprint(args):
    """R4.7: AuthKey.key_id, written as encrypt_message_data writes it ('<Q')."""
    key = bytes_arg(args, 'key', length=256)
    return {'fingerprint': struct.pack('<Q', AuthKey(key).key_id).hex()}


# The ops that are bench workloads too, in prepared form (PROTOCOL.md 8).
WORKLOADS = {
    'ige.encrypt': lambda a: prepare_ige(a, True),
    'ige.decrypt': lambda a: prepare_ige(a, False),
    'mtproto2.kdf': prepare_kdf,
    'e2e.encrypt': prepare_e2e_encrypt,
    'e2e.decrypt': prepare_e2e_decrypt,
    'dh.key': prepare_dh_key,
}

BENCH_NOT_OFFERED = {
    'mtproto2.msg_key': 'Telethon computes msg_key only inside encrypt_message_data, together '
                        'with the KDF and the IGE encryption of the whole message: a timing '
                        'would be that of the envelope (bench e2e.encrypt)',
}

OPS = {
    'ige.encrypt': op_of(WORKLOADS['ige.encrypt']),
    'ige.decrypt': op_of(WORKLOADS['ige.decrypt']),
    'mtproto2.msg_key': op_msg_key,
    'mtproto2.kdf': op_of(WORKLOADS['mtproto2.kdf']),
    'e2e.encrypt': op_of(WORKLOADS['e2e.encrypt']),
    'e2e.decrypt': op_of(WORKLOADS['e2e.decrypt']),
    'dh.check_params': op_check_params,
    'dh.check_public': op_check_public,
    'dh.public': op_dh_public,
    'dh.key': op_of(WORKLOADS['dh.key']),
    'key.fingerprint': op_fingerprint,
    'bench': op_bench,
}

NOT_OFFERED = {
    'key.visual': 'Telethon has no secret chats and no key visualization (R8.1)',
    'tl.encode': "Telethon's TL schema does not include the secret-chat layer",
    'tl.decode': "Telethon's TL schema does not include the secret-chat layer",
}


def ige_backend():
    if aes_module.cryptg is not None:
        return 'cryptg'
    return 'libssl' if aes_module.libssl.encrypt_ige else 'pyaes'


def hello(args):
    if args.get('protocol') != 1:
        raise unsupported('only protocol 1 is spoken')
    if telethon is None:
        raise unsupported(f'Telethon cannot be imported: {IMPORT_ERROR}')
    return {'name': 'Telethon', 'version': f'{telethon.__version__} (IGE: {ige_backend()})',
            'protocol': 1, 'ops': ['hello', *OPS]}


def failure(request_id, code, detail):
    return {'id': request_id, 'ok': False, 'error': code, 'detail': detail}


def answer(line):
    """One response for one request line (None for a blank line). Never raises."""
    if not line.strip():
        return None
    try:
        request = json.loads(line)
    except ValueError as error:
        return failure(None, 'bad_request', f'not JSON: {error}')
    if not isinstance(request, dict):
        return failure(None, 'bad_request', 'not a JSON object')
    request_id = request.get('id')
    if isinstance(request_id, bool) or not isinstance(request_id, int):
        return failure(None, 'bad_request', '"id" is not an integer')
    name = request.get('op')
    if not isinstance(name, str):
        return failure(request_id, 'bad_request', '"op" is not a string')
    op = hello if name == 'hello' else OPS.get(name)
    try:
        if op is None:
            raise unsupported(NOT_OFFERED.get(name, f'no op "{name}" in this adapter'))
        return {'id': request_id, 'ok': True, **op(request)}
    except ProtocolError as error:
        return failure(request_id, error.code, str(error))
    except Exception as error:  # an unmapped exception is a bug: say so loudly
        print(f'Telethon adapter: {name} (id {request_id}) failed: {error!r}', file=sys.stderr)
        return failure(request_id, 'internal', repr(error)[:500])


def main():
    for line in sys.stdin:
        response = answer(line)
        if response is not None:
            sys.stdout.write(json.dumps(response) + '\n')
            sys.stdout.flush()


if __name__ == '__main__':
    main()
