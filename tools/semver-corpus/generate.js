'use strict'
// Generates the golden semver corpus replayed by domain/src/test/java/io/waiaas/domain/SemverCorpusTest.java.
// Deterministic: a fixed-seed PRNG, no clock. Every answer comes from npm's own `semver` (see package.json).
//
// Line format (tab-separated, one case per line, '#' starts a comment line):
//   valid       <input>  <semver.valid(input) or ->
//   compare     <a>      <b>         <semver.compare(a, b): -1|0|1>
//   range-valid <range>  <semver.validRange(range) !== null: true|false>
//   normalize   <range>  <semver.validRange(range) or ->
//   satisfies   <range>  <version>   <semver.satisfies(version, range): true|false>
//   max         <range>  <v1,v2,...> <semver.maxSatisfying(list, range) or ->

const fs = require('fs')
const path = require('path')
const semver = require('semver')

// `node generate.js --fuzz N OUT` writes N extra random token soups to OUT instead, for a one-off deeper check
// (copy it over the corpus, run SemverCorpusTest, restore). The committed corpus never uses this mode.
const FUZZ = process.argv[2] === '--fuzz' ? +process.argv[3] : 0
const OUT = FUZZ ? path.resolve(process.argv[4])
  : path.join(__dirname, '..', '..', 'domain', 'src', 'test', 'resources', 'io', 'waiaas', 'domain',
    'semver-corpus.tsv')

// mulberry32: small, fixed-seed, reproducible across Node versions.
let seed = 0x5eed2026
const random = () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (xs) => xs[Math.floor(random() * xs.length)]
const chance = (p) => random() < p
const int = (n) => Math.floor(random() * n)

const lines = []
const seen = new Set()
const emit = (...fields) => {
  for (const f of fields) {
    if (/[\t\n\r]/.test(f)) {
      throw new Error(`field contains a tab or line break: ${JSON.stringify(f)}`)
    }
  }
  const line = fields.join('\t')
  if (!seen.has(line)) {
    seen.add(line)
    lines.push(line)
  }
}

// ------------------------------------------------------------------ building blocks

const NUMBERS = ['0', '1', '2', '3', '4', '5', '9', '10', '11', '99', '100', '1000', '2026']
const ODD_NUMBERS = ['00', '01', '007', '9007199254740991', '9007199254740992', '9007199254740993',
  '18446744073709551616', '99999999999999999999999', '-1', '1e3', '0x1', '１']
const PRE_IDS = ['alpha', 'beta', 'rc', '0', '1', '2', '10', '11', 'a', 'b', 'x', 'X', 'alpha-1', '-', '--', '0a',
  '1a', 'a1', 'A', 'Z', 'z', 'pre-release', 'dev', 'next', 'canary', 'SNAPSHOT', '9007199254740990',
  '9007199254740991', '9007199254740992', '9007199254740993', '99999999999999999999']
const ODD_PRE_IDS = ['01', '00', '', 'a_b', 'ä', 'a b', '+', 'a.']
const BUILD_IDS = ['sha', '001', 'build', '5', 'exp', 'sha-256', 'a', '0', '20261126', '-']
const ODD_BUILD_IDS = ['', 'a_b', 'ü']

const num = () => chance(0.93) ? pick(NUMBERS) : pick(ODD_NUMBERS)
const preId = (odd) => odd && chance(0.08) ? pick(ODD_PRE_IDS) : pick(PRE_IDS)
const pre = (odd) => {
  const n = 1 + int(chance(0.7) ? 2 : 4)
  return Array.from({ length: n }, () => preId(odd)).join('.')
}
const buildMeta = (odd) => {
  const n = 1 + int(3)
  return Array.from({ length: n }, () => odd && chance(0.08) ? pick(ODD_BUILD_IDS) : pick(BUILD_IDS)).join('.')
}

// A clean, valid-looking version (odd=false) or one with deliberate defects (odd=true).
const version = (odd = false) => {
  let v = odd ? `${num()}.${num()}.${num()}` : `${pick(NUMBERS)}.${pick(NUMBERS)}.${pick(NUMBERS)}`
  if (chance(0.45)) v += '-' + pre(odd)
  if (chance(odd ? 0.3 : 0.12)) v += '+' + buildMeta(odd)
  if (odd) {
    if (chance(0.1)) v = pick(['v', '=', ' ', 'V', 'vv', 'v ', '=v', ' v', '\u00a0', '\ufeff']) + v
    if (chance(0.1)) v = v + pick([' ', '  ', '\u00a0', '\u3000', '.', '-', '+', '.0', '\u0085', '\u2028'])
  }
  return v
}

// A partial version for ranges: 1, 1.2, 1.2.3, with x-wildcards and optional pre-release.
const partial = () => {
  const X = () => pick(['x', 'X', '*'])
  const parts = [pick(NUMBERS.slice(0, 9))]
  const len = pick([1, 2, 3, 3, 3])
  for (let i = 1; i < len; i++) parts.push(chance(0.15) ? X() : pick(NUMBERS.slice(0, 8)))
  if (chance(0.06)) parts[0] = X()
  let v = parts.join('.')
  if (len === 3 && chance(0.2)) v += '-' + pre(false)
  if (chance(0.04)) v += '+' + buildMeta(false)
  if (chance(0.05)) v = pick(['v', '=', 'v=', '= ']) + v
  return v
}

const OPS = ['', '=', '<', '<=', '>', '>=', '^', '~', '~>']
const comparator = () => {
  const op = pick(OPS)
  const space = op && chance(0.1) ? ' ' : ''
  return op + space + partial()
}
const comparatorSet = () => {
  if (chance(0.18)) {
    return `${partial()} - ${partial()}`
  }
  const n = 1 + int(chance(0.6) ? 1 : 3)
  return Array.from({ length: n }, comparator).join(chance(0.9) ? ' ' : '  ')
}
const range = () => {
  const n = 1 + int(chance(0.75) ? 1 : 3)
  return Array.from({ length: n }, comparatorSet).join(pick([' || ', '||', ' ||', '|| ']))
}

// Versions near the numbers a range mentions, to probe its boundaries.
const nearVersions = (r, count) => {
  const triples = []
  const re = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/g
  let m
  while ((m = re.exec(r)) !== null) {
    triples.push([+m[1], m[2] === undefined ? 0 : +m[2], m[3] === undefined ? 0 : +m[3]])
  }
  if (triples.length === 0) triples.push([1, 2, 3])
  const out = []
  for (let i = 0; i < count; i++) {
    const t = pick(triples).slice()
    const k = int(3)
    t[k] = Math.max(0, t[k] + pick([-1, 0, 0, 1]))
    if (chance(0.3)) { for (let j = k + 1; j < 3; j++) t[j] = 0 }
    let v = t.join('.')
    if (chance(0.3)) v += '-' + pick(['0', 'alpha', 'alpha.1', 'beta', 'rc.1', '1'])
    if (chance(0.05)) v += '+build'
    out.push(v)
  }
  return out
}

// ------------------------------------------------------------------ hand-picked edge cases

const EDGE_VERSIONS = [
  '', ' ', '1', '1.2', '1.2.3', '1.2.3.4', '0.0.0', '00.0.0', '0.00.0', '0.0.00', '01.2.3', '1.02.3', '1.2.03',
  'v1.2.3', '=1.2.3', 'V1.2.3', 'vv1.2.3', 'v 1.2.3', ' 1.2.3 ', '\u00a01.2.3\u3000', '\ufeff1.2.3', '1.2.3\u0085',
  '1.2.3\u2028', '1.2.3\u000b', '1.2.3\u000c', 'x.y.z', '1.2.x', '1.2.*', '*', 'latest', 'next', '^1.2.3', '~1.2.3',
  '>=1.2.3', '1.2.3-', '1.2.3+', '1.2.3-+', '1.2.3-.', '1.2.3-a.', '1.2.3-.a', '1.2.3-a..b', '1.2.3+a..b',
  '1.2.3-0', '1.2.3-00', '1.2.3-01', '1.2.3-0a', '1.2.3-00a', '1.2.3-a-', '1.2.3--', '1.2.3---', '1.2.3-a_b',
  '1.2.3+001', '1.2.3+a_b', '1.2.3+ü', '1.2.3-ä', '1.2.3alpha', '1.2.3 -alpha', '1.2.3- alpha', '1.2.3-alpha beta',
  '1.2.3-alpha+', '1.2.3-alpha+build+again', '1.2.3+build-1.meta', '1.0.0-alpha+001', '1.0.0+20130313144700',
  '1.0.0-beta+exp.sha.5114f85', '1.0.0+21AF26D3----117B344092BD', '-1.2.3', '1.-2.3', '1.2.-3', '+1.2.3',
  '9007199254740991.0.0', '9007199254740992.0.0', '0.9007199254740991.0', '0.0.9007199254740991',
  '0.0.9007199254740992', '18446744073709551615.0.0', '1.2.3-9007199254740991', '1.2.3-9007199254740992',
  '1.2.3-99999999999999999999999', '１.２.３', '1.2.3-١', '1.2.3 ', '  1.2.3-rc.1+b  ',
  '1.2.3-' + 'a'.repeat(249), '1.2.3-' + 'a'.repeat(250), '1.2.3-' + 'a'.repeat(251),
  '1.2.3+' + 'b'.repeat(250), '1.2.3+' + 'b'.repeat(251), ' '.repeat(300) + '1.2.3',
  '1.2.3-' + 'a.'.repeat(124) + 'a', '1.2.3-' + 'a.'.repeat(125) + 'a',
  '1.2.3-' + '1'.repeat(20), '1.' + '1'.repeat(300) + '.3',
]

const EDGE_COMPARE = [
  ['1.0.0', '2.0.0'], ['2.0.0', '2.1.0'], ['2.1.0', '2.1.1'], ['1.0.0-alpha', '1.0.0'],
  ['1.0.0-alpha', '1.0.0-alpha.1'], ['1.0.0-alpha.1', '1.0.0-alpha.beta'], ['1.0.0-alpha.beta', '1.0.0-beta'],
  ['1.0.0-beta', '1.0.0-beta.2'], ['1.0.0-beta.2', '1.0.0-beta.11'], ['1.0.0-beta.11', '1.0.0-rc.1'],
  ['1.0.0-rc.1', '1.0.0'], ['1.0.0+a', '1.0.0+b'], ['1.0.0-rc.1+a', '1.0.0-rc.1+b'], ['1.0.0', '1.0.0+x'],
  ['1.0.0-2', '1.0.0-10'], ['1.0.0-a2', '1.0.0-a10'], ['1.0.0-0', '1.0.0-a'], ['1.0.0-Z', '1.0.0-a'],
  ['1.0.0--', '1.0.0-0'], ['1.0.0--', '1.0.0-A'], ['1.0.0-1a', '1.0.0-2'], ['1.0.0-1a', '1.0.0-1b'],
  ['1.0.0-9007199254740991', '1.0.0-9007199254740992'], ['1.0.0-9007199254740992', '1.0.0-9007199254740993'],
  ['1.0.0-9007199254740993.1', '1.0.0-9007199254740992.2'], ['1.0.0-99999999999999999999', '1.0.0-100000000000000000000'],
  ['1.0.0-9007199254740990', '1.0.0-9007199254740991'], ['1.0.0-99999999999999999999', '1.0.0-a'],
  ['9007199254740991.0.0', '9007199254740990.9.9'], ['v1.2.3', '1.2.3'], [' 1.2.3', '1.2.3 '],
  ['0.0.0-0', '0.0.0'], ['1.2.3-a.b.c', '1.2.3-a.b'], ['1.2.3-a.b.c', '1.2.3-a.b.d'], ['1.2.3-a.1', '1.2.3-a.a'],
]

const EDGE_RANGES = [
  '', ' ', '*', 'x', 'X', 'x.x', 'x.x.x', '*.*.*', '1.x', '1.X', '1.*', '1.x.x', '1.2.x', '1.2.*', '1.x.3', 'x.2',
  '1', '1.2', '1.2.3', '=1.2.3', 'v1.2.3', '= 1.2.3', 'v 1.2.3', '=v1.2.3', 'v=1.2.3', '==1.2.3',
  '^1.2.3', '^1.2', '^1', '^0.2.3', '^0.2', '^0.0.3', '^0.0', '^0', '^0.0.0', '^0.0.x', '^0.x', '^1.x', '^*', '^x',
  '^1.2.3-beta.2', '^0.0.3-beta', '^0.1.2-rc.1', '^ 1.2.3', '^v1.2.3', '^=1.2.3', '^01.2.3', '^1.2.3+build',
  '~1.2.3', '~1.2', '~1', '~0.2.3', '~0', '~1.2.3-beta.2', '~>1.2.3', '~> 1.2.3', '~ 1.2.3', '~>1', '~*', '~x', '~',
  '^', '>', '<', '>=', '<=', '=', '~>', '>=*', '>*', '<*', '<=*', '>x', '<x', '>1', '>1.2', '<1', '<1.2', '<=1',
  '<=1.2', '>=1', '>=1.2', '<=1.2.x', '>1.x', '<1.x', '>=1.x', '>= 1.2.3', '> 1.2.3', '< 1.2.3', '<= 1.2.3',
  '>=1.2.3 <2.0.0', '>=1.2.3  <2.0.0', '>= 1.2.3 < 2.0.0', '>=1.2.3<2.0.0', '>=1.2.3,<2.0.0', '>1.2.3 >1.2.4',
  '<1.2.3 >2.0.0', '>=0.0.0', '>= 0.0.0', '>=0.0.0-0', '<0.0.0', '<0.0.0-0', '<0.0.0-0 || 1.x', '<0 || <0',
  '1.2.3 - 2.3.4', '1.2 - 2.3.4', '1.2.3 - 2.3', '1.2.3 - 2', '1 - 2', '* - 2', '1.2.3 - *', 'x - x', '1.x - 2.x',
  '1.2.3-beta - 2.3.4-rc.1', '1.2.3 -2.3.4', '1.2.3- 2.3.4', '1.2.3  -  2.3.4', 'v1.2.3 - v2.3.4', '=1.2.3 - 2.3.4',
  '1.2.3 - =2.3.4', '1.2.3+b - 2.3.4+c', '1.2.3 - 2.3.4 - 3.4.5', '1.2.3 - 2.3.4 || 5.x', '>1.2.3 - 2.3.4',
  '1.2.3 - 2.3.4 >=1.5.0', '1.0.0 || 2.0.0', '1.0.0||2.0.0', '1.0.0 ||2.0.0', '|| 1.0.0', '1.0.0 ||', '||', '| |',
  '1.0.0 | 2.0.0', '1.0.0 ||| 2.0.0', '1.0.0 || || 2.0.0', '^1.0.0 || * || ^2.0.0', '1.x || >=2.5.0 || 5.0.0 - 7.2.3',
  'latest', 'next', 'foo', '1.2.3 foo', 'a.b.c', '1.2.3.4', '>>1.2.3', '=>1.2.3', '=<1.2.3', '<>1.2.3', '!1.2.3',
  '!=1.2.3', '>=1.2.3-', '1.2.3-01', '1.2.3-0', '01.2.3', '1.02.3', '9007199254740991.x', '9007199254740992.x',
  '^9007199254740991.0.0', '~9007199254740991.0.0', '>9007199254740990.x', '<=9007199254740991.x',
  '9007199254740991.0.0 - 9007199254740991', '^99999999999999999999', '>=1.2.3\u00a0<2', '\u00a0^1.2.3\u3000',
  '^1.2.3 || \ufeff~2.0', '>=1.2.3-alpha <1.2.3', '>=1.2.3-alpha <1.2.4', '^1.2.3-alpha >=1.2.4-beta',
  '1.2.3-alpha', '=1.2.3-alpha', '>1.2.3-alpha', '1.2.3+build', '1.2.3+build-1 || 2.0.0+a.b', '+build', '1.2.3+',
  '1.2.3 +build', '>=1.2.3 +build', '^ 1.2.3 || ~ 2.3.4', '~> 1.2 || ^ 3', '>= 1 < 3', '1.2.x-alpha', '1.x-alpha',
  '* || 1.2.3-alpha', '1.2.3 *', '* 1.2.3', '>=* <1.2.3', '*.1', 'x.1.x', '1.x.1', '1.*.1', '>=1.x.2', '~1.x.2',
  '^1.x.2', 'v1', 'v1.x', '=1.x', '= 1.x', '=1', 'vx', '>v1.2.3', '> v1.2.3', '>=v 1.2.3', '>= v 1.2.3',
  '<=v1.2.3-rc', '1.2.3 - v', '- 1.2.3', '1.2.3 -', '-', '1.2.3 - - 2.3.4', '^1.2.3-' + 'a'.repeat(260),
  '>=1.2.3-' + 'a'.repeat(251), '1.2.' + '3'.repeat(300), '>=' + ' '.repeat(5) + '1.2.3',
]

const EDGE_SATISFIES = [
  ['^1.2.3-beta.2', '1.2.3-beta.4'], ['^1.2.3-beta.2', '1.2.4-beta.4'], ['^1.2.3-beta.2', '1.2.3'],
  ['^1.2.3-beta.2', '1.2.3-beta.1'], ['^1.2.3', '1.2.4-alpha'], ['>=1.2.3-alpha <1.2.4', '1.2.3-beta'],
  ['>=1.2.3-alpha <1.2.4', '1.2.4-alpha'], ['1.x || >=1.2.3-rc.1', '1.2.3-rc.2'], ['*', '1.0.0-rc.1'],
  ['', '1.0.0-rc.1'], ['*', '1.0.0'], ['', '0.0.0'], ['<2.0.0', '2.0.0-rc.1'], ['<2.0.0-0', '2.0.0-rc.1'],
  ['<2.0.0-rc.2', '2.0.0-rc.1'], ['^0.0.3', '0.0.4'], ['^0.0.3', '0.0.3'], ['^0.2.3', '0.3.0'], ['^0.2.3', '0.2.9'],
  ['~1.2.3', '1.3.0'], ['~1.2.3', '1.2.99'], ['~1', '1.99.0'], ['~0', '0.99.0'], ['^0', '0.99.0'], ['^0', '1.0.0'],
  ['1.2.3 - 2.3.4', '2.3.4'], ['1.2.3 - 2.3', '2.3.99'], ['1.2.3 - 2.3', '2.4.0'], ['1.2.3 - 2', '2.99.99'],
  ['1.2 - 2.3.4', '1.2.0'], ['1.2 - 2.3.4', '1.1.99'], ['1.0.0 || 2.0.0', '2.0.0'], ['1.0.0 || 2.0.0', '1.5.0'],
  ['1.2.3+build', '1.2.3'], ['1.2.3', '1.2.3+build'], ['=1.2.3', 'v1.2.3'], ['1.2.3', ' 1.2.3 '], ['1.2.3', '=1.2.3'],
  ['>=1.0.0', '9007199254740991.0.0'], ['<0.0.0-0', '0.0.0-0'], ['>=0.0.0', '0.0.0-0'], ['>=0.0.0-0', '0.0.0-0'],
  ['^1.2.3-alpha >=1.2.4-beta', '1.2.4-beta'], ['* || 1.2.3-alpha', '1.2.3-beta'], ['1.2.3-alpha', '1.2.3-alpha'],
  ['>1.2.3-alpha', '1.2.3-alpha.0'], ['>1.2.3-alpha', '1.2.4-alpha'], ['>=1.2.3-9007199254740992', '1.2.3-9007199254740993'],
  ['1.2.3-9007199254740992', '1.2.3-9007199254740993'], ['^1.2.3', 'not-a-version'], ['not-a-range', '1.2.3'],
  ['^1.2.3', ''], ['<1.x', '0.9.9'], ['<=1.x', '1.9.9'], ['>1.x', '2.0.0'], ['>1.2', '1.3.0'], ['>1.2', '1.2.9'],
  ['<1.2', '1.1.99'], ['<1.2', '1.2.0-alpha'], ['<1.2', '1.2.0'], ['<=1.2', '1.2.99'], ['=1.x', '1.2.3'],
]

// ------------------------------------------------------------------ emit

const validate = (v) => {
  const r = semver.valid(v)
  emit('valid', v, r === null ? '-' : r)
}
const compare = (a, b) => emit('compare', a, b, String(semver.compare(a, b)))
const rangeCase = (r) => {
  const vr = semver.validRange(r)
  emit('range-valid', r, String(vr !== null))
  emit('normalize', r, vr === null ? '-' : vr)
}
const satisfies = (r, v) => emit('satisfies', r, v, String(semver.satisfies(v, r)))
const max = (r, list) => {
  const m = semver.maxSatisfying(list, r)
  emit('max', r, list.join(','), m === null ? '-' : m)
}

const SOUP = ['0', '1', '2', '3', '10', '01', '9007199254740991', '9007199254740992', '.', '.', '.', ' ', ' ',
  '  ', '-', ' - ', '||', '|', '^', '~', '~>', '>', '<', '=', '>=', '<=', 'x', 'X', '*', 'v', '+', 'a', 'alpha',
  'rc', 'b1', '\u00a0', ',', '_']
const soup = (n) => Array.from({ length: 1 + int(n) }, () => pick(SOUP)).join('')
if (FUZZ) seed = 0xf022 + FUZZ

lines.push('# Golden semver corpus generated by tools/semver-corpus/generate.js with semver@' +
  require('semver/package.json').version + '. Do not edit; regenerate.')

if (FUZZ) {
  for (let i = 0; i < FUZZ; i++) {
    // Half token soup, half a well-formed range with one or two random edits: near misses find the corners.
    let r = chance(0.5) ? soup(14) : range()
    for (let k = int(3); k > 0; k--) {
      const at = int(r.length + 1)
      r = r.slice(0, at) + (chance(0.6) ? pick(SOUP) : '') + r.slice(at + (chance(0.5) ? 1 : 0))
    }
    validate(soup(10))
    rangeCase(r)
    for (const v of nearVersions(r, 3)) satisfies(r, v)
    const list = nearVersions(r, 4)
    if (!r.includes(',')) max(r, list)
    const a = soup(8)
    const b = soup(8)
    if (semver.valid(a) && semver.valid(b)) compare(a, b)
  }
}

for (const v of FUZZ ? [] : EDGE_VERSIONS) validate(v)
for (let i = 0; i < 700; i++) validate(version(chance(0.6)))

const validPool = []
for (let i = 0; i < 400; i++) {
  const v = version(false)
  if (semver.valid(v)) validPool.push(v)
}
for (const [a, b] of EDGE_COMPARE) { compare(a, b); compare(b, a); compare(a, a) }
for (let i = 0; i < 700; i++) {
  const a = pick(validPool)
  // Mostly near neighbours so that pre-release ordering is exercised, not just the major number.
  let b = pick(validPool)
  if (chance(0.6)) {
    const core = a.split(/[-+]/)[0]
    b = core + (chance(0.7) ? '-' + pre(false) : '') + (chance(0.1) ? '+' + buildMeta(false) : '')
  }
  if (semver.valid(b)) compare(a, b)
}

const ranges = [...EDGE_RANGES]
for (let i = 0; i < 650; i++) ranges.push(range())
for (const r of ranges) rangeCase(r)

for (const [r, v] of EDGE_SATISFIES) satisfies(r, v)
for (const r of ranges) {
  const probes = semver.validRange(r) === null ? 1 : 4
  for (const v of nearVersions(r, probes)) satisfies(r, v)
}

for (let i = 0; i < 350; i++) {
  const r = i < EDGE_RANGES.length && chance(0.5) ? EDGE_RANGES[i] : pick(ranges)
  if (r.includes(',')) continue
  const list = nearVersions(r, 2 + int(7))
  if (chance(0.1)) list.push(pick(['not-a-version', '1.2', 'v1.2.3', '1.2.3+other']))
  if (chance(0.15)) list.push(list[0].split('+')[0] + '+dup')
  max(r, list)
}
max('^1.0.0', ['1.0.0+b', '1.0.0+a'])
max('1.2.3-9007199254740992 || 1.2.3-9007199254740993', ['1.2.3-9007199254740993', '1.2.3-9007199254740992'])
max('*', [])
max('^2', ['1.0.0', '1.9.9'])

fs.mkdirSync(path.dirname(OUT), { recursive: true })
fs.writeFileSync(OUT, lines.join('\n') + '\n', 'utf8')
const counts = {}
for (const l of lines) if (!l.startsWith('#')) counts[l.split('\t')[0]] = (counts[l.split('\t')[0]] || 0) + 1
process.stderr.write(`wrote ${lines.length - 1} cases to ${path.relative(process.cwd(), OUT)} ${JSON.stringify(counts)}\n`)
