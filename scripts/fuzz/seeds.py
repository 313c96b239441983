#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/) from the repository's fixtures.

usage: seeds.py OUT_DIR      (creates OUT_DIR/<FuzzTarget>/seed-NNN files)

Seeds are the fixtures' captured device replies (Fixtures/*.json hex values), the proto-ver
texts of docs/protocol.md §1.3, the QR payloads of the README, and a few marshalled BlueZ messages;
libFuzzer mutates from there. Each target's input format is described in its main.swift.
"""
import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Fixtures")


def load(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


def hex_values(value):
    """Every string in a fixture that is hex of at least one byte."""
    if isinstance(value, dict):
        for item in value.values():
            yield from hex_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from hex_values(item)
    elif isinstance(value, str):
        text = value[2:] if value.startswith("0x") else value
        if text and len(text) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in text):
            yield bytes.fromhex(text)


def framed(replies):
    """The FuzzSupport `chunks` framing: 2-byte big-endian length, then the bytes."""
    return b"".join(struct.pack(">H", len(r)) + r for r in replies)


def proto_ver_seeds():
    return [s.encode() for s in [
        '{\n\t"prov":\t{\n\t\t"ver":\t"v1.1",\n\t\t"sec_ver":\t2,\n\t\t"sec_patch_ver":\t1,\n\t\t"cap":\t["wifi_scan"]\n\t}\n}',
        '{\n\t"prov":\t{\n\t\t"ver":\t"v1.1",\n\t\t"sec_ver":\t1,\n\t\t"sec_patch_ver":\t0,\n\t\t"cap":\t["no_pop", "wifi_scan"]\n\t}\n}',
        '{"prov":{"ver":"netprov-v1.2","sec_ver":0,"sec_patch_ver":0,"cap":["no_sec","wifi_prov","wifi_scan"]}}',
        '{"prov":{"ver":"netprov-v1.2","sec_ver":2,"cap":["thread_prov","thread_scan"]}}',
        '{"prov":{"ver":"v1.1","cap":["wifi_scan"]}}',
        '{"rmaker":{"ver":"1.0","cap":["claim","wifi_scan"]},"prov":{"ver":"v1.1","sec_ver":1,"cap":[]}}',
        '{"app":{"ver":"1.0","cap":[]}}',
        "V0.1", "",
    ]]


def qr_seeds():
    texts = [
        '{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"ble"}',
        '{"ver":"v1","name":"PROV_1A2B3C","pop":"abcd1234","transport":"softap"}',
        '{"ver":"v1","name":"PROV_1A2B3C","transport":"ble","security":0}',
        '{"ver":"v1","name":"PROV_X","username":"u","password":"p","transport":"softap","security":2}',
        "https://espressif.github.io/esp-jumpstart/qrcode.html?data=%7B%22ver%22%3A%22v1%22%2C%22name%22%3A%22PROV_1A2B3C%22%2C%22pop%22%3A%22abcd1234%22%2C%22transport%22%3A%22ble%22%7D",
        "DPP:C:81/1;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADM2206avxHJaHXgLMkq/24e0rsrfMP9K1Tm8gx+ovP0I=;;",
        "WIFI:S:HomeNet;T:WPA;P:secret123;;",
    ]
    return [t.encode() for t in texts]


def dpp_uri_seeds():
    uris = [entry["uri"] for entry in load("dpp/bootstrap-uris.json")]
    odd = [
        "DPP:C:81/1;C:81/6;K:%s;;" % uris[0].split("K:")[1][:-2],
        "DPP:X:unknown;H:10.0.0.2;B:2;K:%s;;" % uris[0].split("K:")[1][:-2],
        "DPP:M:02:00:00:00:00:01;K:AAAA;;", "DPP:K:;;", "DPP:;;", "DPP:C:81/x;;",
    ]
    return [u.encode() for u in uris + odd]


def hex_seeds():
    values = set()
    for name in os.listdir(FIXTURES):
        if name.endswith(".json"):
            values.update(hex_values(load(name)))
    seeds = [v.hex().encode() for v in sorted(values)][:200]
    return seeds + [b"52 05 08 01 aa 01 00", b"", b"zz", b"abc"]


def handshake_seeds():
    """Selector byte (step, see FuzzHandshake) + a device reply of that step's shape."""
    sec1 = load("sec1_vector.json")["vector"]
    sec2 = load("sec2_session_vector.json")["vector"]
    replies = {
        0: [bytes.fromhex("52050801aa0100")],
        1: [bytes.fromhex(sec1["Resp0"])],
        2: [bytes.fromhex(sec1["Resp1"])],
        3: [bytes.fromhex(sec1["RespGetStatus ciphertext (keystream offset 66)"])],
        4: [bytes.fromhex(sec2["Resp0"])],
        5: [bytes.fromhex(sec2["Resp1"])],
        6: [bytes.fromhex(sec2["response ciphertext‖tag"])],
    }
    return [bytes([step]) + reply for step, items in replies.items() for reply in items]


def reply_seeds():
    """Selector byte (operation, see FuzzReplies) + framed replies from the message fixtures."""
    m = load("messages.json")["messages"]
    def get(prefix):
        return [bytes.fromhex(v) for k, v in m.items() if k.startswith(prefix)]
    scan = [bytes.fromhex(m["WiFiScanPayload RespScanStart"]), bytes.fromhex(m["WiFiScanPayload RespScanStatus finished, 2"]),
            bytes.fromhex(m["WiFiScanPayload RespScanResult 2 entries"])]
    seeds = [bytes([0]) + framed([r]) for r in get("WiFiConfigPayload RespGetStatus")]
    seeds += [bytes([1]) + framed([r]) for r in get("WiFiConfigPayload RespSetConfig")]
    seeds += [bytes([2]) + framed([r]) for r in get("WiFiConfigPayload RespApplyConfig")]
    seeds += [bytes([3]) + framed(scan), bytes([4]) + framed(scan)]
    seeds += [bytes([5]) + framed([r]) for r in get("WiFiCtrlPayload RespCtrlReset")]
    seeds += [bytes([6]) + framed([r]) for r in get("WiFiCtrlPayload RespCtrlReprov")]
    seeds += [bytes([7]) + framed([b"SUCCESS\x00"])]
    seeds += [bytes([0x88]) + framed([r]) for r in get("NetworkConfigPayload RespGetThreadStatus")]
    seeds += [bytes([0x8A]) + framed([r]) for r in get("NetworkScanPayload Resp")]
    return seeds


def http_reply_seeds():
    """A cut byte (see FuzzHTTPReply) + replies: ESP-IDF httpd's (docs/protocol.md §4.1), and other framings."""
    replies = [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 7\r\nSet-Cookie: session=1804289383\r\n\r\n"
        + bytes.fromhex("52050801aa0100"),
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 29\r\n\r\nNothing matches the given URI",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nConnection: close\r\n\r\nuntil close",
    ]
    return [bytes([cut]) + reply for cut in (0, 6, 255) for reply in replies]


# --- D-Bus: a minimal little-endian marshaller, enough for BlueZ-shaped messages ---

class Writer:
    def __init__(self):
        self.data = bytearray()

    def align(self, n):
        while len(self.data) % n:
            self.data.append(0)

    def value(self, sig, v):
        """Writes one value of single complete type `sig`; returns the rest of the signature."""
        code = sig[0]
        if code == "y":
            self.data.append(v)
        elif code == "b":
            self.align(4); self.data += struct.pack("<I", 1 if v else 0)
        elif code in "nq":
            self.align(2); self.data += struct.pack("<h" if code == "n" else "<H", v)
        elif code in "iu":
            self.align(4); self.data += struct.pack("<i" if code == "i" else "<I", v)
        elif code in "so":
            raw = v.encode(); self.align(4); self.data += struct.pack("<I", len(raw)) + raw + b"\0"
        elif code == "g":
            raw = v.encode(); self.data += bytes([len(raw)]) + raw + b"\0"
        elif code == "v":
            inner_sig, inner = v
            self.value("g", inner_sig); self.value(inner_sig, inner)
        elif code == "a":
            element, rest = split(sig[1:])
            self.align(4); at = len(self.data); self.data += b"\0\0\0\0"
            self.align(8 if element[0] in "{(xtd" else alignment(element[0])); start = len(self.data)
            items = v.items() if element[0] == "{" else v
            for item in items:
                if element[0] == "{":
                    self.align(8); key_sig, value_sig = element[1], element[2:-1]
                    self.value(key_sig, item[0]); self.value(value_sig, item[1])
                else:
                    self.value(element, item)
            struct.pack_into("<I", self.data, at, len(self.data) - start)
            return rest
        else:
            raise ValueError(code)
        return sig[1:]


def alignment(code):
    return {"y": 1, "g": 1, "v": 1, "n": 2, "q": 2}.get(code, 4)


def split(sig):
    """(first complete type, rest)."""
    if sig[0] == "a":
        inner, rest = split(sig[1:])
        return "a" + inner, rest
    if sig[0] in "({":
        depth, i = 0, 0
        for i, c in enumerate(sig):
            depth += c in "({"
            depth -= c in ")}"
            if depth == 0:
                break
        return sig[:i + 1], sig[i + 1:]
    return sig[0], sig[1:]


def message(msg_type, body_sig, body, fields):
    body_writer = Writer()
    rest = body_sig
    for value in body:
        first, rest = split(rest)
        body_writer.value(first, value)
    header = Writer()
    header.data += b"l" + bytes([msg_type, 0, 1]) + struct.pack("<II", len(body_writer.data), 1)
    all_fields = list(fields) + ([(8, ("g", body_sig))] if body_sig else [])
    # The header fields: an array of (byte code, variant) structs, 8-aligned.
    at = len(header.data); header.data += b"\0\0\0\0"; header.align(8); start = len(header.data)
    for code, variant in all_fields:
        header.align(8); header.value("y", code); header.value("v", variant)
    struct.pack_into("<I", header.data, at, len(header.data) - start)
    header.align(8)
    return bytes(header.data + body_writer.data)


def dbus_seeds():
    adapter = {"org.bluez.Adapter1": {"Powered": ("b", True), "Address": ("s", "00:11:22:33:44:55")}}
    device = {"org.bluez.Device1": {"Name": ("s", "PROV_1A2B3C"), "Adapter": ("o", "/org/bluez/hci0"), "RSSI": ("n", -48),
                                    "UUIDs": ("as", ["021a9004-0382-4aea-bff4-6b3f1c5adfb4"]), "ServicesResolved": ("b", True)}}
    descriptor = {"org.bluez.GattDescriptor1": {"UUID": ("s", "00002901-0000-1000-8000-00805f9b34fb"),
                                                "Value": ("ay", list(b"prov-session"))}}
    tree = {"/org/bluez/hci0": adapter, "/org/bluez/hci0/dev_24_0A_C4_1A_2B_3C": device,
            "/org/bluez/hci0/dev_24_0A_C4_1A_2B_3C/service0001/char0002/desc0003": descriptor}
    reply = message(2, "a{oa{sa{sv}}}", [tree], [(5, ("u", 1))])
    changed = message(4, "sa{sv}as", ["org.bluez.Device1", {"Connected": ("b", False)}, []],
                      [(1, ("o", "/org/bluez/hci0/dev_24_0A_C4_1A_2B_3C")), (2, ("s", "org.freedesktop.DBus.Properties")),
                       (3, ("s", "PropertiesChanged"))])
    added = message(4, "oa{sa{sv}}", ["/org/bluez/hci0/dev_24_0A_C4_1A_2B_3C", device],
                    [(1, ("o", "/")), (2, ("s", "org.freedesktop.DBus.ObjectManager")), (3, ("s", "InterfacesAdded"))])
    value = message(2, "ay", [list(b"\x52\x05\x08\x01\xaa\x01\x00")], [(5, ("u", 9))])
    return [reply, changed, added, value]


def main():
    out = sys.argv[1]
    corpora = {
        "FuzzProtoVer": proto_ver_seeds(),
        "FuzzQRPayload": qr_seeds(),
        "FuzzHex": hex_seeds(),
        "FuzzHandshake": handshake_seeds(),
        "FuzzReplies": reply_seeds(),
        "FuzzDBus": dbus_seeds(),
        "FuzzDPPURI": dpp_uri_seeds(),
        "FuzzHTTPReply": http_reply_seeds(),
    }
    for target, seeds in corpora.items():
        directory = os.path.join(out, target)
        os.makedirs(directory, exist_ok=True)
        for index, seed in enumerate(seeds):
            with open(os.path.join(directory, "seed-%03d" % index), "wb") as handle:
                handle.write(seed)
        print("%s: %d seeds" % (target, len(seeds)))


if __name__ == "__main__":
    main()
