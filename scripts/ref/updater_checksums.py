#!/usr/bin/env python3
"""Independent recomputation of ImageJ updater checksums (for SpineRad's update-site tests).

Usage: updater_checksums.py SITE_DIR  -> one line per db.xml.gz record: "<filename> <checksum> <filesize>",
recomputed from the file stored on the site as <filename>-<timestamp>.
Jar: SHA-1 over the entries sorted by name, each name then its content; .properties entries without their '#'
comment lines (the updater's line-start rule), META-INF/MANIFEST.MF contributing no content (the updater keeps only
lines whose upper-cased text starts with "Main-Class:", i.e. none). Other files: SHA-1 of path + bytes.
"""
import gzip, hashlib, os, sys, zipfile
import xml.etree.ElementTree as ET


def strip_hash_lines(data: bytes) -> bytes:
    out = bytearray()
    pos = 0
    at_start = True

    def read():
        nonlocal pos, at_start
        ch = data[pos] if pos < len(data) else -1
        if ch != -1:
            pos += 1
        if at_start:
            if ch == ord('#'):
                while True:
                    ch = read()
                    if ch == ord('\n') or ch == -1:
                        break
            else:
                at_start = False
        elif ch == ord('\n'):
            at_start = True
        return ch

    while True:
        c = read()
        if c == -1:
            return bytes(out)
        out.append(c)


def checksum(path: str, file: str) -> str:
    h = hashlib.sha1()
    if path.endswith('.jar'):
        with zipfile.ZipFile(file) as z:
            for name in sorted(i.filename for i in z.infolist()):
                h.update(name.encode('ascii'))
                content = z.read(name)
                if name.endswith('.properties'):
                    content = strip_hash_lines(content)
                if name == 'META-INF/MANIFEST.MF':
                    content = b''
                h.update(content)
    else:
        h.update(path.encode('ascii'))
        with open(file, 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def main(site):
    root = ET.fromstring(gzip.open(os.path.join(site, 'db.xml.gz')).read())
    for plugin in root.findall('plugin'):
        version = plugin.find('version')
        if version is None:
            continue
        name = plugin.get('filename')
        stored = os.path.join(site, name + '-' + version.get('timestamp'))
        print(name, checksum(name, stored), os.path.getsize(stored))


if __name__ == '__main__':
    main(sys.argv[1])
