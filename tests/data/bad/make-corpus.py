#!/usr/bin/env python3
# make-corpus.py
#
# Copyright 2026 The Corridor Atlas developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the bad-input corpus next to this script.  Every file it makes is
# committed; run it again (from any folder) to make them afresh.  It needs
# Python 3 and ogr2ogr (gdal-bin) for the shapefiles.  The 10 MB
# single-line CSV is not here: tests/test-bad-inputs.c writes it at run
# time.

import hashlib
import os
import subprocess
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def write(name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(path(name), 'wb') as f:
        f.write(data)


def fixed_bytes(seed, n):
    """The same 'random' bytes on every run: a SHA-256 chain."""
    out = b''
    block = seed.encode()
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:n]


# Empty and garbage ----------------------------------------------------------

write('empty.csv', b'')
write('random-bytes.gpkg', fixed_bytes('gpkg', 4096))
write('random-bytes.csv', fixed_bytes('csv', 3000))

# GeoJSON --------------------------------------------------------------------

# NaN and Infinity are not JSON, but GDAL's parser reads them; 1e999 is
# infinite once read.
write('nan-coordinates.geojson', '''{
  "type": "FeatureCollection",
  "features": [
    { "type": "Feature", "properties": { "id": "fine" }, "geometry": { "type": "Point", "coordinates": [106.55, 29.56] } },
    { "type": "Feature", "properties": { "id": "nan" }, "geometry": { "type": "Point", "coordinates": [NaN, 29.56] } },
    { "type": "Feature", "properties": { "id": "infinity" }, "geometry": { "type": "Point", "coordinates": [106.55, Infinity] } },
    { "type": "Feature", "properties": { "id": "overflow" }, "geometry": { "type": "LineString", "coordinates": [[106.55, 29.56], [1e999, 21.95]] } },
    { "type": "Feature", "properties": { "id": "also-fine" }, "geometry": { "type": "LineString", "coordinates": [[106.55, 29.56], [108.62, 21.95]] } }
  ]
}
''')

# Polygons that cross themselves in different ways, and one that is fine.
write('self-intersecting.geojson', '''{
  "type": "FeatureCollection",
  "features": [
    { "type": "Feature", "properties": { "id": "square" }, "geometry": { "type": "Polygon", "coordinates": [[[100, 20], [101, 20], [101, 21], [100, 21], [100, 20]]] } },
    { "type": "Feature", "properties": { "id": "bow-tie" }, "geometry": { "type": "Polygon", "coordinates": [[[102, 20], [103, 21], [103, 20], [102, 21], [102, 20]]] } },
    { "type": "Feature", "properties": { "id": "hole-outside" }, "geometry": { "type": "Polygon", "coordinates": [[[104, 20], [105, 20], [105, 21], [104, 21], [104, 20]], [[106, 20], [106.5, 20], [106.5, 20.5], [106, 20], [106, 20]]] } },
    { "type": "Feature", "properties": { "id": "overlapping-parts" }, "geometry": { "type": "MultiPolygon", "coordinates": [[[[100, 22], [102, 22], [102, 24], [100, 24], [100, 22]]], [[[101, 23], [103, 23], [103, 25], [101, 25], [101, 23]]]] } },
    { "type": "Feature", "properties": { "id": "spike" }, "geometry": { "type": "Polygon", "coordinates": [[[104, 22], [105, 22], [105, 23], [104.5, 23], [104.5, 24], [104.5, 23], [104, 23], [104, 22]]] } }
  ]
}
''')

# Shapefiles -----------------------------------------------------------------

ROUTES = '''{
  "type": "FeatureCollection",
  "features": [
    { "type": "Feature", "properties": { "id": "cq-qz", "mode": "rail-sea" }, "geometry": { "type": "LineString", "coordinates": [[106.55, 29.56], [108.62, 21.95]] } },
    { "type": "Feature", "properties": { "id": "cq-gy", "mode": "rail-sea" }, "geometry": { "type": "LineString", "coordinates": [[106.55, 29.56], [106.71, 26.58]] } }
  ]
}
'''

# A local engineering CRS: a site grid in metres tied to nothing.
LOCAL_CS = ('LOCAL_CS["Port site grid",LOCAL_DATUM["Site datum",0],UNIT["metre",1],'
            'AXIS["Easting",EAST],AXIS["Northing",NORTH]]')


def shapefile(name, srs, drop):
    for ext in ('shp', 'shx', 'dbf', 'prj', 'cpg'):
        if os.path.exists(path(name + '.' + ext)):
            os.remove(path(name + '.' + ext))
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, 'routes.geojson')
        with open(source, 'w') as f:
            f.write(ROUTES)
        argv = ['ogr2ogr', '-f', 'ESRI Shapefile', path(name + '.shp'), source, '-nln', name]
        if srs is not None:
            argv += ['-t_srs', srs] if srs.startswith('EPSG') else ['-a_srs', srs]
        subprocess.run(argv, check=True)
    for ext in drop + ['cpg']:
        if os.path.exists(path(name + '.' + ext)):
            os.remove(path(name + '.' + ext))


# Lon/lat lines without their attributes.
shapefile('routes-no-dbf', 'EPSG:4326', ['dbf'])
# UTM zone 48N metres without the .prj that says so.
shapefile('routes-no-prj', 'EPSG:32648', ['prj'])
# Coordinates on a site grid PROJ cannot place on the Earth.
shapefile('site-grid', LOCAL_CS, [])

# Trade records (CSV) --------------------------------------------------------

write('wrong-columns.csv', '''date,region,country,amount
2025-01,Chongqing,Vietnam,100
2025-02,Guangxi,Thailand,200
''')

# Mostly UTF-8, with lines 3 and 5 saved as GBK, the way two exports
# pasted together look.
lines_utf8 = [
    'period,province,partner,mode,value_cny',
    '2025-01,重庆,越南,rail-sea,100',
    '2025-01,广西,泰国,rail-sea,200',
    '2025-02,重庆,越南,rail-sea,300',
    '2025-02,广西,老挝,cross-border-rail,400',
    '2025-03,四川,越南,rail-sea,500',
]
mixed = b''
for number, line in enumerate(lines_utf8, start=1):
    mixed += line.encode('gbk' if number in (3, 5) else 'utf-8') + b'\n'
write('mixed-encodings.csv', mixed)

# The reverse: mostly GBK, with line 4 in UTF-8.
reverse = b''
for number, line in enumerate(lines_utf8, start=1):
    reverse += line.encode('utf-8' if number == 4 else 'gbk') + b'\n'
write('mixed-encodings-gbk.csv', reverse)

write('bad-values.csv', '''period,province,partner,mode,value_cny
2025-01,CN-CQ,VN,rail-sea,100
2025-01,CN-GX,TH,rail-sea,-250
2025-01,CN-GX,VN,rail-sea,abc
2025-02,CN-CQ,VN,rail-sea,
2025-02,CN-CQ,LA,cross-border-rail,"1,000"
2025-02,CN-SC,VN,rail-sea,NaN
2025-03,CN-SC,VN,rail-sea,300
''')

write('bad-periods.csv', '''period,province,partner,mode,value_cny
2025-01,CN-CQ,VN,rail-sea,100
2025-13,CN-CQ,VN,rail-sea,100
2025-00,CN-GX,TH,rail-sea,100
2025-1-1,CN-GX,TH,rail-sea,100
Q1 2025,CN-SC,VN,rail-sea,100
2025-12,CN-SC,VN,rail-sea,100
''')

# Spreadsheet ------------------------------------------------------------------

# Hand-written OOXML: a header after a blank row, values that are
# formulas (one with no cached value), a period merged down three rows,
# and blank rows between the records.


def cell(ref, value=None, formula=None):
    if formula is not None:
        cached = '' if value is None else '<v>%s</v>' % value
        return '<c r="%s"><f>%s</f>%s</c>' % (ref, formula, cached)
    if isinstance(value, (int, float)):
        return '<c r="%s"><v>%s</v></c>' % (ref, value)
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, value)


rows = {
    2: [cell('A2', 'period'), cell('B2', 'province'), cell('C2', 'partner'),
        cell('D2', 'mode'), cell('E2', 'value_cny')],
    3: [cell('A3', '2025-01'), cell('B3', 'CN-CQ'), cell('C3', 'VN'), cell('D3', 'rail-sea'),
        cell('E3', 100)],
    4: [cell('B4', 'CN-GX'), cell('C4', 'TH'), cell('D4', 'rail-sea'),
        cell('E4', 200, formula='E3*2')],
    5: [cell('B5', 'CN-SC'), cell('C5', 'VN'), cell('D5', 'rail-sea'), cell('E5', 300)],
    8: [cell('A8', '2025-02'), cell('B8', 'CN-CQ'), cell('C8', 'VN'), cell('D8', 'rail-sea'),
        cell('E8', 400, formula='SUM(E3:E4)+100')],
    9: [cell('A9', '2025-02'), cell('B9', 'CN-GX'), cell('C9', 'TH'), cell('D9', 'rail-sea'),
        cell('E9', None, formula='E8/0')],
    11: [cell('A11', '2025-03'), cell('B11', 'CN-GX'), cell('C11', 'VN'), cell('D11', 'rail-sea'),
         cell('E11', 500)],
}
sheet_rows = ''.join('<row r="%d">%s</row>' % (r, ''.join(c)) for r, c in sorted(rows.items()))
sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData>' + sheet_rows + '</sheetData>'
         '<mergeCells count="1"><mergeCell ref="A3:A5"/></mergeCells>'
         '</worksheet>')
xlsx_files = {
    '[Content_Types].xml':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>',
    '_rels/.rels':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
    'xl/workbook.xml':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Trade" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
    'xl/worksheets/sheet1.xml': sheet,
}
with zipfile.ZipFile(path('formulas-merged.xlsx'), 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in xlsx_files.items():
        # A fixed date, so the file is the same on every run.
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)

# Projects -------------------------------------------------------------------

PROJECT = '''{
  "format": 1,
  "generator": "Corridor Atlas",
  "layers": [
    { "source": "../sample.geojson", "title": "Sample", "visible": true, "thematic": false,
      "color": [0.2, 0.4, 0.8, 1.0], "width": 2.0, "opacity": 1.0 },
    { "source": "missing/routes.geojson", "title": "Planned routes", "visible": true,
      "thematic": false, "color": [0.8, 0.2, 0.2, 1.0], "width": 2.0, "opacity": 1.0 }
  ],
  "trade": { "sources": ["missing-trade.csv"], "illustrative": false },
  "view": { "latitude": 25.0, "longitude": 106.0, "zoom": 5.0 }
}
'''
write('missing-files.corridor', PROJECT)
write('truncated.corridor', PROJECT[:PROJECT.index('"trade"') + 20])
damaged = PROJECT.encode()
middle = len(damaged) // 2
write('damaged.corridor', damaged[:middle] + fixed_bytes('corridor', 64) + damaged[middle:])
write('not-a-project.corridor', '{ "type": "FeatureCollection", "features": [] }\n')
