"""Filler text written for the LicenseLens evaluation tools: source code in several languages,
README prose, meeting notes, changelogs, tutorials and recipes. Everything here is original
and deliberately free of licensing vocabulary, so that files built from it must not be reported
as containing a license (tools/make-clean-files) and so that it can surround license texts in
test variants (tools/make-variants) without adding matches of its own.

All generators take a random.Random so that output is reproducible from a seed.
"""

import datetime
import re

# Words that must never appear in filler. tools/make-clean-files checks its output with this.
FORBIDDEN = re.compile(
    r"licen[cs]|copyright|\(c\)|\u00a9|permission|permitted|warrant|redistribut|distribut"
    r"|free software|public domain|\bgpl|\bmit\b|\bbsd\b|apache|mozilla|rights reserved"
    r"|merchantab|liabil|liable|trademark|patent|royalt|sublicens|proprietary|confidential"
    r"|commercial|agreement|eula|disclaim|open source|open-source|source code|creative commons"
    r"|attribution|\bterms\b|\bgrant|spdx|notice|as is\b|indemn|infring",
    re.IGNORECASE)

FIRST_NAMES = ["Ada", "Bruno", "Chen", "Dalia", "Emeka", "Freya", "Gustavo", "Hana", "Ilse",
               "Jonas", "Keiko", "Luis", "Maren", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa",
               "Sami", "Tomasz", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia"]
LAST_NAMES = ["Abara", "Bergstrom", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gallo",
              "Haddad", "Ivanova", "Jansen", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura",
              "Okafor", "Petrov", "Quispe", "Rahman", "Santos", "Tanaka", "Ueda", "Varga",
              "Whitfield", "Xu", "Yilmaz", "Zimmer"]
PROJECT_WORDS_A = ["quiet", "amber", "brisk", "copper", "drift", "ember", "fern", "granite",
                   "harbor", "indigo", "juniper", "kestrel", "lumen", "maple", "nimbus", "onyx",
                   "pebble", "quartz", "rook", "saffron", "tundra", "umber", "velvet", "willow"]
PROJECT_WORDS_B = ["cache", "queue", "ledger", "sieve", "relay", "loom", "kiln", "lantern",
                   "compass", "anvil", "beacon", "harness", "spindle", "trellis", "weir", "forge"]


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def project_name(rng):
    return f"{rng.choice(PROJECT_WORDS_A)}{rng.choice(PROJECT_WORDS_B)}"


def day(rng, year=None):
    year = year or rng.randint(2016, 2025)
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def date(rng, year=None):
    return day(rng, year).isoformat()


# ---------------------------------------------------------------------------------------------
# Source code. Each language has a file preamble, a pool of self-contained units (functions or
# types) and an optional epilogue. {name} is replaced by a module name.

CODE = {}

CODE["python"] = {
    "ext": "py",
    "preamble": [
        '"""Helpers for {name}: retry loops, batching and a small LRU cache.\n\nThe cache is '
        'deliberately simple; it is only used for lookups that are cheap to redo."""\n\n'
        "import collections\nimport time\n",
        '"""{name}.text - tokenising and scoring short strings.\n\nUsed by the search box, '
        'where latency matters more than recall."""\n\nimport collections\nimport re\nimport time\n',
        "#!/usr/bin/env python3\n\"\"\"Command-line entry point for {name}.\"\"\"\n\n"
        "import argparse\nimport collections\nimport sys\nimport time\n",
    ],
    "units": [
        '''def chunks(items, size):
    """Yields successive lists of at most `size` items."""
    if size <= 0:
        raise ValueError("size must be positive")
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
''',
        '''def retry(call, attempts=5, base_delay=0.2, max_delay=5.0):
    """Calls `call` until it succeeds, sleeping with exponential backoff between tries.

    The delay doubles after each failure and is capped at max_delay, so five attempts take
    at most a few seconds. The last exception is re-raised.
    """
    delay = base_delay
    for attempt in range(attempts):
        try:
            return call()
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, max_delay)
''',
        '''class LRUCache:
    """A fixed-size mapping that forgets the least recently used key first.

    OrderedDict keeps insertion order and can move a key to the end in O(1), which is all
    an LRU needs.
    """

    def __init__(self, capacity=128):
        self.capacity = capacity
        self._items = collections.OrderedDict()
        self.hits = self.misses = 0

    def get(self, key, default=None):
        if key in self._items:
            self._items.move_to_end(key)
            self.hits += 1
            return self._items[key]
        self.misses += 1
        return default

    def put(self, key, value):
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
''',
        '''def levenshtein(a, b):
    """Edit distance between two strings, using two rows of the DP table."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
''',
        '''def top_k(counts, k):
    """Returns the k most frequent keys, ties broken alphabetically.

    TODO: switch to heapq.nlargest once the inputs get large; sorting is fine for now.
    """
    return [key for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
''',
        '''def moving_average(values, window):
    """Simple moving average; the first window-1 outputs average what is available."""
    total = 0.0
    queue = collections.deque()
    out = []
    for value in values:
        queue.append(value)
        total += value
        if len(queue) > window:
            total -= queue.popleft()
        out.append(total / len(queue))
    return out
''',
        '''def parse_duration(text):
    """Parses "1h30m", "45s" or "2m5s" into seconds. Raises ValueError on junk."""
    units = {"h": 3600, "m": 60, "s": 1}
    total, number = 0, ""
    for char in text.strip():
        if char.isdigit():
            number += char
        elif char in units and number:
            total += int(number) * units[char]
            number = ""
        else:
            raise ValueError(f"bad duration: {text!r}")
    if number:
        raise ValueError(f"missing unit in {text!r}")
    return total
''',
        '''def topological_order(graph):
    """Kahn's algorithm. graph maps a node to the nodes that depend on it.

    Raises ValueError when the graph has a cycle, naming one node on it.
    """
    indegree = collections.Counter()
    for node, targets in graph.items():
        indegree.setdefault(node, 0)
        for target in targets:
            indegree[target] += 1
    ready = sorted(node for node, degree in indegree.items() if degree == 0)
    order = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for target in sorted(graph.get(node, ())):
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    if len(order) != len(indegree):
        stuck = next(node for node, degree in indegree.items() if degree > 0)
        raise ValueError(f"cycle through {stuck}")
    return order
''',
    ],
    "epilogue": ['\n\nif __name__ == "__main__":\n    print(list(chunks(range(10), 3)))\n', ""],
    "comment": "#",
}

CODE["c"] = {
    "ext": "c",
    "preamble": [
        "/*\n * {name}.c - ring buffer and checksum helpers used by the capture daemon.\n *\n"
        " * None of these functions allocate; callers own all memory.\n */\n\n"
        "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n",
        "/* {name}: small utilities shared by the firmware tools. */\n\n"
        "#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n",
    ],
    "units": [
        '''/* FNV-1a, 32-bit. Good enough for hash tables keyed by short strings. */
uint32_t fnv1a(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 16777619u;
    }
    return hash;
}
''',
        '''struct ring {
    unsigned char *buf;
    size_t cap;   /* must be a power of two */
    size_t head;  /* next write position */
    size_t tail;  /* next read position */
};

/* Copies up to len bytes in; returns how many fit. */
size_t ring_write(struct ring *r, const unsigned char *src, size_t len)
{
    size_t used = r->head - r->tail;
    size_t room = r->cap - used;
    if (len > room)
        len = room;
    for (size_t i = 0; i < len; i++)
        r->buf[(r->head + i) & (r->cap - 1)] = src[i];
    r->head += len;
    return len;
}
''',
        '''/*
 * Binary search for the first element >= key in a sorted array.
 * Returns n when every element is smaller.
 */
size_t lower_bound(const int *a, size_t n, int key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
''',
        '''/* CRC-16/CCITT-FALSE, bitwise. TODO: table-driven version if this shows up in profiles. */
uint16_t crc16_ccitt(const uint8_t *data, size_t len)
{
    uint16_t crc = 0xFFFF;
    while (len--) {
        crc ^= (uint16_t)(*data++) << 8;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}
''',
        '''/* In-place insertion sort; the arrays here rarely exceed 16 elements. */
void sort_small(int *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int value = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > value) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = value;
    }
}
''',
        '''/* Trims leading and trailing ASCII spaces in place and returns the new start. */
char *trim(char *s)
{
    char *end;
    while (*s == ' ' || *s == '\\t')
        s++;
    if (*s == '\\0')
        return s;
    end = s + strlen(s) - 1;
    while (end > s && (*end == ' ' || *end == '\\t' || *end == '\\n'))
        *end-- = '\\0';
    return s;
}
''',
    ],
    "epilogue": [""],
    "comment": "/*",
}

CODE["go"] = {
    "ext": "go",
    "preamble": [
        "// Package {name} schedules periodic jobs and keeps simple counters about them.\n"
        "package {name}\n\nimport (\n\t\"errors\"\n\t\"sort\"\n\t\"sync\"\n\t\"time\"\n)\n",
        "// Package {name} has helpers for the ingest workers.\npackage {name}\n\n"
        "import (\n\t\"errors\"\n\t\"sort\"\n\t\"sync\"\n\t\"time\"\n)\n",
    ],
    "units": [
        '''// Counter is a goroutine-safe map of named counters.
type Counter struct {
	mu     sync.Mutex
	counts map[string]int64
}

// Add increments name by delta and returns the new value.
func (c *Counter) Add(name string, delta int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = make(map[string]int64)
	}
	c.counts[name] += delta
	return c.counts[name]
}

// Snapshot returns the counter names in sorted order with their values.
func (c *Counter) Snapshot() ([]string, []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	names := make([]string, 0, len(c.counts))
	for name := range c.counts {
		names = append(names, name)
	}
	sort.Strings(names)
	values := make([]int64, len(names))
	for i, name := range names {
		values[i] = c.counts[name]
	}
	return names, values
}
''',
        '''// ErrTimeout is returned by WaitFor when the condition never became true.
var ErrTimeout = errors.New("timed out")

// WaitFor polls cond every interval until it returns true or the deadline passes.
func WaitFor(cond func() bool, interval, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return nil
		}
		if time.Now().After(deadline) {
			return ErrTimeout
		}
		time.Sleep(interval)
	}
}
''',
        '''// Backoff returns the delay before retry number n (starting at 0): doubling from base,
// capped at max. Jitter is left to the caller.
func Backoff(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 0; i < n; i++ {
		d *= 2
		if d >= max {
			return max
		}
	}
	return d
}
''',
        '''// Dedupe removes repeated strings while keeping the first occurrence of each.
// TODO: callers pass already-sorted slices; a linear pass would avoid the map.
func Dedupe(in []string) []string {
	seen := make(map[string]struct{}, len(in))
	out := in[:0]
	for _, s := range in {
		if _, ok := seen[s]; ok {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out
}
''',
        '''// Percentile returns the p-th percentile (0-100) of values using nearest rank.
// It sorts a copy, so the caller's slice is left alone.
func Percentile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(sorted) {
		rank = len(sorted) - 1
	}
	return sorted[rank]
}
''',
    ],
    "epilogue": [""],
    "comment": "//",
}

CODE["rust"] = {
    "ext": "rs",
    "preamble": [
        "//! {name}: a token bucket and a few parsing helpers for the proxy.\n\n"
        "use std::collections::HashMap;\nuse std::time::{{Duration, Instant}};\n",
        "//! Utilities for the {name} crate.\n\nuse std::collections::HashMap;\n"
        "use std::time::{{Duration, Instant}};\n",
    ],
    "units": [
        '''/// A token bucket: `capacity` tokens, refilled at `rate` tokens per second.
pub struct TokenBucket {
    capacity: f64,
    tokens: f64,
    rate: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(capacity: f64, rate: f64) -> Self {
        TokenBucket { capacity, tokens: capacity, rate, last: Instant::now() }
    }

    /// Takes one token if available. Refill is computed lazily from the elapsed time.
    pub fn try_take(&mut self) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
''',
        '''/// Counts word frequencies, lowercasing ASCII letters and splitting on anything else.
pub fn word_counts(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_ascii_lowercase()).or_insert(0) += 1;
    }
    counts
}
''',
        '''/// Parses "250ms", "3s" or "2m" into a Duration.
// TODO: accept compound forms like "1m30s" once the config format needs them.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = s.split_at(split);
    let n: u64 = number.parse().ok()?;
    match unit {
        "ms" => Some(Duration::from_millis(n)),
        "s" => Some(Duration::from_secs(n)),
        "m" => Some(Duration::from_secs(n * 60)),
        _ => None,
    }
}
''',
        '''/// Greatest common divisor by Euclid's algorithm.
pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}
''',
        '''#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcd_of_coprimes_is_one() {
        assert_eq!(gcd(17, 5), 1);
        assert_eq!(gcd(12, 18), 6);
    }
}
''',
    ],
    "epilogue": [""],
    "comment": "//",
}

CODE["javascript"] = {
    "ext": "js",
    "preamble": [
        "// {name}.js - client-side helpers for the dashboard.\n'use strict';\n",
        "/**\n * {name}: debounce, formatting and a tiny event emitter.\n */\n'use strict';\n",
    ],
    "units": [
        '''/**
 * Returns a function that runs fn only after `wait` ms without another call.
 */
function debounce(fn, wait) {
  let timer = null;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}
''',
        '''// Formats a byte count as "1.4 MB". Uses powers of 1000, which is what the UI shows.
function formatBytes(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (bytes >= 1000 && i < units.length - 1) {
    bytes /= 1000;
    i++;
  }
  return `${bytes.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
''',
        '''class Emitter {
  constructor() {
    this.handlers = new Map();
  }

  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(handler);
    return () => this.off(event, handler);
  }

  off(event, handler) {
    const list = this.handlers.get(event) || [];
    this.handlers.set(event, list.filter((h) => h !== handler));
  }

  emit(event, payload) {
    // Copy first so that handlers can unsubscribe while we iterate.
    for (const handler of [...(this.handlers.get(event) || [])]) handler(payload);
  }
}
''',
        '''// Groups an array of objects by the value of key. TODO: use Object.groupBy when available.
function groupBy(items, key) {
  return items.reduce((groups, item) => {
    const k = item[key];
    (groups[k] = groups[k] || []).push(item);
    return groups;
  }, {});
}
''',
    ],
    "epilogue": ["\nmodule.exports = { debounce, formatBytes, Emitter, groupBy };\n", ""],
    "comment": "//",
}

CODE["shell"] = {
    "ext": "sh",
    "preamble": [
        "#!/bin/sh\n# {name}: rotate and compress the capture logs, keeping the newest ones.\nset -eu\n",
        "#!/usr/bin/env bash\n# Nightly housekeeping for {name}.\nset -euo pipefail\n",
    ],
    "units": [
        '''keep=${KEEP:-7}
log_dir=${LOG_DIR:-/var/log/capture}

# Compress everything older than a day that is not compressed yet.
find "$log_dir" -name '*.log' -mtime +1 -exec gzip -9 {} \\;
''',
        '''# Delete all but the newest $keep archives. ls -t sorts newest first.
ls -1t "$log_dir"/*.gz 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do
    echo "removing $old"
    rm -f -- "$old"
done
''',
        '''# Warn when the disk is more than 90% full; the monitoring job greps for WARN.
usage=$(df -P "$log_dir" | awk 'NR == 2 { sub("%", "", $5); print $5 }')
if [ "$usage" -gt 90 ]; then
    echo "WARN: $log_dir is ${usage}% full" >&2
fi
''',
        '''retry() {
    # retry N CMD...: runs CMD up to N times, sleeping 2, 4, 8... seconds in between.
    n=$1; shift
    delay=2
    i=1
    while ! "$@"; do
        [ "$i" -ge "$n" ] && return 1
        sleep "$delay"
        delay=$((delay * 2))
        i=$((i + 1))
    done
}
''',
    ],
    "epilogue": ["\necho done\n", ""],
    "comment": "#",
}

CODE["swift"] = {
    "ext": "swift",
    "preamble": [
        "// {name}.swift\n// Small collection helpers used by the importer.\n\nimport Foundation\n",
    ],
    "units": [
        '''extension Array {
    /// Splits the array into consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [[Element]] {
        precondition(size > 0, "size must be positive")
        return stride(from: 0, to: count, by: size).map {
            Array(self[$0..<Swift.min($0 + size, count)])
        }
    }
}
''',
        '''/// Running mean and variance with Welford's method, which stays stable for long streams.
struct RunningStats {
    private(set) var count = 0
    private(set) var mean = 0.0
    private var m2 = 0.0

    mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
}
''',
        '''/// Returns the index of the first element not less than `value` in a sorted array.
func lowerBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
    var low = 0
    var high = array.count
    while low < high {
        let mid = (low + high) / 2
        if array[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low
}
''',
        '''// TODO: replace with a proper parser once the importer needs quoted fields.
func splitFields(_ line: Substring) -> [Substring] {
    line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.drop(while: { $0 == " " })
    }
}
''',
    ],
    "epilogue": [""],
    "comment": "//",
}

CODE["java"] = {
    "ext": "java",
    "preamble": [
        "package org.example.{name};\n\nimport java.util.ArrayDeque;\nimport java.util.ArrayList;\n"
        "import java.util.Deque;\nimport java.util.List;\n\n"
        "/** Graph and queue helpers for the route planner. */\npublic final class Util {{\n"
        "    private Util() {{}}\n",
    ],
    "units": [
        '''
    /** Breadth-first search; returns the hop count from start to goal, or -1. */
    public static int hops(List<List<Integer>> adjacency, int start, int goal) {
        int[] dist = new int[adjacency.size()];
        java.util.Arrays.fill(dist, -1);
        Deque<Integer> queue = new ArrayDeque<>();
        dist[start] = 0;
        queue.add(start);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            if (node == goal) return dist[node];
            for (int next : adjacency.get(node)) {
                if (dist[next] < 0) {
                    dist[next] = dist[node] + 1;
                    queue.add(next);
                }
            }
        }
        return -1;
    }
''',
        '''
    /** Splits a list into pages of pageSize elements. The last page may be shorter. */
    public static <T> List<List<T>> pages(List<T> items, int pageSize) {
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i += pageSize) {
            result.add(items.subList(i, Math.min(i + pageSize, items.size())));
        }
        return result;
    }
''',
        '''
    // TODO: this clamps silently; the caller should probably log out-of-range values.
    public static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
''',
    ],
    "epilogue": ["}\n"],
    "comment": "//",
}

CODE["ruby"] = {
    "ext": "rb",
    "preamble": ["# frozen_string_literal: true\n\n# {name}: helpers for the report generator.\n"
                 "module Helpers\n"],
    "units": [
        '''  # Returns the median of a non-empty array of numbers.
  def self.median(values)
    sorted = values.sort
    mid = sorted.length / 2
    sorted.length.odd? ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0
  end
''',
        '''  # Turns "Quarterly Report (Draft)" into "quarterly-report-draft".
  def self.slug(title)
    title.downcase.gsub(/[^a-z0-9]+/, "-").gsub(/\\A-|-\\z/, "")
  end
''',
        '''  # TODO: cache these; the report calls it once per row.
  def self.week_of(date)
    date.strftime("%G-W%V")
  end
''',
    ],
    "epilogue": ["end\n"],
    "comment": "#",
}

LANGUAGES = sorted(CODE)


def code_file(rng, language=None, units=None):
    """Returns (extension, text) for a realistic source file made of filler units."""
    language = language or rng.choice(LANGUAGES)
    spec = CODE[language]
    name = rng.choice(PROJECT_WORDS_A) + rng.choice(["util", "core", "io", "sched", "stats"])
    pool = list(spec["units"])
    rng.shuffle(pool)
    count = units or rng.randint(2, min(4, len(pool)))
    body = "\n".join(pool[:count])
    preamble = rng.choice(spec["preamble"]).format(name=name)
    epilogue = rng.choice(spec["epilogue"])
    return spec["ext"], preamble + "\n" + body + epilogue


def code_body(rng, language):
    """Just code (no leading file comment), for placing after a header comment."""
    spec = CODE[language]
    pool = list(spec["units"])
    rng.shuffle(pool)
    body = "\n".join(pool[: rng.randint(1, 2)])
    if language == "go":
        return "package " + rng.choice(PROJECT_WORDS_A) + "\n\nimport (\n\t\"errors\"\n\t\"sort\"\n" \
            "\t\"sync\"\n\t\"time\"\n)\n\n" + body
    if language == "java":
        return spec["preamble"][0].format(name="app") + body + "}\n"
    if language == "ruby":
        return "module Helpers\n" + body + "end\n"
    if language == "c":
        return "#include <stdint.h>\n#include <stddef.h>\n#include <string.h>\n\n" + body
    if language == "python":
        return "import collections\nimport time\n\n\n" + body
    if language == "rust":
        return "use std::collections::HashMap;\nuse std::time::{Duration, Instant};\n\n" + body
    return body


# ---------------------------------------------------------------------------------------------
# README prose

README_INTROS = [
    "{name} is a small library for {purpose}. It has no runtime dependencies beyond the "
    "standard library and aims to stay small enough to read in an afternoon.",
    "{name} started as a weekend experiment in {purpose} and slowly turned into something we "
    "use every day. The interface is stable; the internals still move around.",
    "This repository holds {name}, a command-line tool for {purpose}. It reads plain text, "
    "writes plain text and tries hard not to surprise anyone.",
    "{name} helps with {purpose}. It was written for a team that got tired of copying the same "
    "shell snippets between machines.",
]
README_PURPOSES = [
    "batching writes to slow disks", "keeping a local cache of remote lookups",
    "turning sensor logs into daily summaries", "scheduling periodic jobs on a single host",
    "diffing large CSV exports", "rate-limiting outgoing requests",
    "finding duplicate photos by content", "tracking the time spent on small tasks",
    "converting spreadsheets into static pages", "checking links in documentation sites",
]
README_SECTIONS = [
    ("Installation", [
        "Clone the repository and run the build script. The only requirement is a recent "
        "compiler; everything else is vendored.",
        "```\ngit clone https://git.example.org/{name}.git\ncd {name}\nmake && make install\n```",
        "The install step copies one binary into `~/.local/bin`. Remove that file to uninstall.",
    ]),
    ("Usage", [
        "Run `{name} --help` for the full list of options. The most common invocation is:",
        "```\n{name} --input data/ --output report.txt --verbose\n```",
        "Output goes to standard output unless `--output` is given. Exit status is zero on "
        "success and non-zero when any input could not be read.",
    ]),
    ("Configuration", [
        "Settings are read from `{name}.toml` in the working directory, then from the "
        "environment. Every setting has a default, so the file is optional.",
        "| setting | default | meaning |\n|---|---|---|\n| `workers` | 4 | parallel jobs |\n"
        "| `timeout` | `30s` | per-item time limit |\n| `cache_dir` | `.cache` | where results "
        "are kept |",
    ]),
    ("How it works", [
        "Inputs are split into chunks of a few megabytes and handed to a pool of workers. Each "
        "worker keeps its own buffer, so there is no locking on the hot path; results are merged "
        "in order at the end.",
        "The cache key is a hash of the input bytes and the settings that affect the result, "
        "which means changing an unrelated setting does not invalidate anything.",
    ]),
    ("Performance", [
        "On a four-core laptop {name} processes about 300 MB per second with a warm cache and "
        "about a third of that cold. Most of the cold time is spent waiting for the disk.",
    ]),
    ("Running the tests", [
        "```\nmake test\n```",
        "The test suite takes under a minute. Tests that need network access are skipped unless "
        "`ONLINE=1` is set.",
    ]),
    ("Contributing", [
        "Bug reports are welcome, especially with a small input that reproduces the problem. "
        "For larger changes please open an issue first so we can talk about the approach.",
        "Keep pull requests focused: one fix or feature each, with a test.",
    ]),
    ("Acknowledgements", [
        "Thanks to everyone who sent in sample files, and to {person} for the first version of "
        "the chunking code.",
    ]),
    ("Roadmap", [
        "- streaming output for very large inputs\n- a `--dry-run` flag\n- better error "
        "messages for malformed configuration files",
    ]),
]
LICENSE_HEADINGS = ["License", "License", "License", "Licence", "Legal", "Copying"]


def readme_parts(rng):
    """Returns (before, heading, after): Markdown prose for a README, and the heading under
    which the caller places a license text. The heading line is '## <heading>'."""
    name = project_name(rng)
    purpose = rng.choice(README_PURPOSES)
    fill = {"name": name, "purpose": purpose, "person": person(rng)}
    intro = rng.choice(README_INTROS).format(**fill)
    sections = list(README_SECTIONS)
    rng.shuffle(sections)
    n_before = rng.randint(1, 3)
    n_after = rng.randint(1, 2)

    def render(chosen):
        out = []
        for title, paragraphs in chosen:
            out.append(f"## {title}\n")
            for paragraph in paragraphs:
                out.append(paragraph.format(**fill) + "\n")
        return "\n".join(out)

    before = f"# {name}\n\n{intro}\n\n" + render(sections[:n_before])
    after = render(sections[n_before:n_before + n_after])
    return before, rng.choice(LICENSE_HEADINGS), after


# ---------------------------------------------------------------------------------------------
# Prose documents for the clean set

MEETING_TOPICS = [
    ("Release planning", [
        "The release candidate is blocked on the migration script, which still fails on "
        "databases created before the schema split.",
        "{p1} suggested cutting the release without the migration and shipping it a week later; "
        "{p2} preferred to wait, because two teams already planned around the combined change.",
    ], ["Release waits for the migration fix; new target is the {day}."],
     ["{p1}: reproduce the migration failure on a copy of the staging data",
      "{p2}: update the release checklist"]),
    ("On-call review", [
        "Three pages last week, two of them for the same flapping disk alert on the build host.",
        "The threshold was set when the disk was half the size; everyone agreed it is too tight.",
    ], ["Raise the disk alert to 90% and add a 10-minute delay before paging."],
     ["{p2}: change the alert rule", "{p3}: write up the outage from Tuesday night"]),
    ("Hiring", [
        "Two candidates reached the final round. Feedback for both was positive; the main open "
        "question is whether the team can mentor two new people at once.",
    ], ["Make an offer to the first candidate; keep the second in the pipeline for spring."],
     ["{p1}: talk to the recruiter today"]),
    ("Build times", [
        "Clean builds now take 14 minutes, up from 9 in the spring. {p3} traced most of the "
        "increase to the code generator running twice.",
        "Caching the generated files would save about four minutes; splitting the test target "
        "would save another two.",
    ], ["Fix the double generation first, then measure again before anything else."],
     ["{p3}: patch the generator step", "{p1}: collect build timings for a week"]),
    ("Documentation", [
        "The setup guide still describes the old directory layout. New joiners keep tripping over "
        "it, and two of them asked the same question in chat this month.",
    ], ["Rewrite the setup guide before the next new joiner starts."],
     ["{p2}: draft the new guide", "{p3}: review it by following it on a fresh laptop"]),
    ("Customer feedback", [
        "Most requests are about exporting data: people want CSV as well as the spreadsheet "
        "format, and one customer asked for a scheduled export.",
        "{p1} pointed out that the export code is the least tested part of the product.",
    ], ["Add CSV export; scheduled export goes to the backlog."],
     ["{p1}: write tests for the existing export path first"]),
    ("Office move", [
        "The new floor will be ready at the end of the month. Desks are assigned by team; the "
        "quiet room stays on the old floor until the partitions arrive.",
    ], ["Move on the last Friday of the month; no deploys that day."],
     ["{p2}: book the movers", "{p3}: label the monitors and docks"]),
]


def meeting_notes(rng):
    people = rng.sample(FIRST_NAMES, 4)
    fill = {"p1": people[0], "p2": people[1], "p3": people[2],
            "day": f"{rng.randint(2, 28)}th"}
    topics = rng.sample(MEETING_TOPICS, rng.randint(2, 4))
    held = day(rng)
    lines = [f"# Team meeting, {held.isoformat()}", "",
             f"Present: {', '.join(people)}. Notes: {people[3]}.", ""]
    actions = []
    for title, discussion, decisions, todo in topics:
        lines.append(f"## {title}")
        lines.append("")
        for paragraph in discussion:
            lines.append(paragraph.format(**fill))
            lines.append("")
        for decision in decisions:
            lines.append(f"Decision: {decision.format(**fill)}")
            lines.append("")
        actions.extend(item.format(**fill) for item in todo)
    lines.append("## Action items")
    lines.append("")
    lines.extend(f"- [ ] {item}" for item in actions)
    lines.append("")
    following = held + datetime.timedelta(days=rng.choice([7, 14, 14, 28]))
    lines.append(f"Next meeting: {following.isoformat()}.")
    return "md", "\n".join(lines) + "\n"


CHANGE_ENTRIES = {
    "Added": ["`--dry-run` flag that prints what would change", "CSV output format",
              "progress bar for inputs over 100 MB", "`--jobs` option to limit parallelism",
              "support for reading gzip-compressed input", "shell completion for bash and zsh",
              "a `doctor` subcommand that checks the configuration",
              "retry with backoff for flaky network reads"],
    "Fixed": ["crash when the input file is empty", "wrong totals when a row has trailing spaces",
              "timestamps were shown in UTC instead of local time",
              "memory growth when the cache directory is missing",
              "off-by-one in the page count of the summary",
              "`--quiet` still printed warnings", "Windows paths with spaces were split",
              "race between the writer and the cleanup task"],
    "Changed": ["default worker count is now the number of cores",
                "error messages name the file and line", "minimum supported Python is 3.9",
                "cache entries expire after 30 days instead of 7",
                "the summary table is sorted by size"],
    "Removed": ["the deprecated `--legacy-output` flag", "support for the old config format"],
}


def changelog(rng):
    name = project_name(rng)
    major, minor, patch = rng.randint(0, 3), rng.randint(1, 9), rng.randint(0, 5)
    released = day(rng, rng.randint(2019, 2025))
    lines = [f"# Changelog for {name}", "",
             "All notable changes are listed here, newest first.", ""]
    for _ in range(rng.randint(3, 6)):
        lines.append(f"## {major}.{minor}.{patch} - {released.isoformat()}")
        lines.append("")
        for section in rng.sample(sorted(CHANGE_ENTRIES), rng.randint(1, 3)):
            lines.append(f"### {section}")
            lines.append("")
            for entry in rng.sample(CHANGE_ENTRIES[section],
                                    rng.randint(1, min(3, len(CHANGE_ENTRIES[section])))):
                lines.append(f"- {entry[0].upper()}{entry[1:]}.")
            lines.append("")
        if patch > 0:
            patch -= 1
        elif minor > 0:
            minor, patch = minor - 1, rng.randint(0, 4)
        else:
            major, minor, patch = max(major - 1, 0), rng.randint(3, 9), 0
        released -= datetime.timedelta(days=rng.randint(9, 120))
    return "md", "\n".join(lines)


TUTORIALS = [
    ("Profiling a slow endpoint", [
        "Before changing any code, measure. Guessing where time goes is wrong more often than "
        "it is right, even for people who wrote the code.",
    ], [
        "Reproduce the slow request locally with the same data size as production.",
        "Run it under the profiler: `python -m cProfile -o out.prof app.py`.",
        "Open the result with `snakeviz out.prof` and sort by cumulative time.",
        "Look for a function that is called far more often than you expected; that is usually "
        "an N+1 query or a cache that never hits.",
        "Fix one thing, then measure again. Keep the numbers in the pull request description.",
    ], "In our case the fix was a single missing index, which took the request from 2.3 seconds "
       "to 40 milliseconds."),
    ("Writing your first integration test", [
        "Unit tests check pieces in isolation; an integration test checks that the pieces talk "
        "to each other. You need both.",
    ], [
        "Start the dependencies with `docker compose up -d db queue`.",
        "Create a fixture that builds a fresh schema for each test run.",
        "Write the test as a user would act: create an order, then read it back through the API.",
        "Assert on the response body, not on the database rows; the rows are an implementation "
        "detail.",
        "Run it twice in a row. If the second run fails, the test leaks state.",
    ], "Keep integration tests few and slow rather than many and flaky."),
    ("Setting up a local cache", [
        "A local cache in front of a slow lookup service can make development feel instant. This "
        "walk-through uses a plain directory and file names derived from a hash.",
    ], [
        "Pick a cache directory outside the repository, for example `~/.cache/lookup`.",
        "Hash the request parameters with SHA-256 and use the hex digest as the file name.",
        "On a miss, call the service and write the response to a temporary file, then rename it "
        "into place so readers never see half a file.",
        "Store the time of the lookup next to the data and ignore entries older than a day.",
    ], "Clearing the cache is just deleting the directory, which makes bugs easy to rule out."),
    ("Bisecting a regression", [
        "When something that used to work is broken and nobody knows why, `git bisect` finds the "
        "commit that broke it in a handful of steps.",
    ], [
        "Find a commit where it worked and one where it is broken.",
        "Run `git bisect start`, then `git bisect bad` and `git bisect good <commit>`.",
        "Build and test at each step, answering `good` or `bad`.",
        "If a step does not build, use `git bisect skip`.",
        "When git names the first bad commit, run `git bisect reset` to go back.",
    ], "With a script that exits non-zero on failure, `git bisect run ./check.sh` does it all for "
       "you."),
    ("Reading a flame graph", [
        "A flame graph shows where a program spends its time. Width is time; height is stack "
        "depth. Colour usually means nothing.",
    ], [
        "Record samples with `perf record -g ./program`.",
        "Fold the stacks and render them into an SVG.",
        "Open the SVG in a browser and click a frame to zoom in.",
        "Look for wide plateaus at the top: those functions burn time themselves rather than "
        "calling something else.",
    ], "Compare two flame graphs side by side before and after a change to see what moved."),
    ("Backing up a small server", [
        "The simplest backup that works is one you actually test. This one uses a nightly "
        "snapshot and a weekly restore drill.",
    ], [
        "Dump the database with `pg_dump --format=custom` into a dated file.",
        "Copy the dump and the uploads folder to a second machine with `rsync -a`.",
        "Keep seven daily and four weekly copies; delete the rest.",
        "Once a week, restore the latest dump into a scratch database and count the rows.",
    ], "Write down how long a restore takes. That number matters more than the backup size."),
]


def tutorial(rng):
    title, intro, steps, outro = rng.choice(TUTORIALS)
    lines = [f"# {title}", ""]
    lines.extend(paragraph + "\n" for paragraph in intro)
    lines.append(rng.choice(["## Steps", "## Step by step", "## How to do it"]))
    lines.append("")
    for number, step in enumerate(steps, 1):
        lines.append(f"{number}. {step}")
    lines.append("")
    lines.append(rng.choice(["## Wrapping up", "## Notes", "## What next"]))
    lines.append("")
    lines.append(outro)
    lines.append("")
    lines.append(f"_Last updated {date(rng)} by {person(rng)}._")
    return "md", "\n".join(lines) + "\n"


RECIPES = [
    ("Lentil soup", 4, [("red lentils", 250, "g"), ("onion", 1, ""), ("carrots", 2, ""),
                        ("vegetable stock", 1.2, "l"), ("ground cumin", 2, "tsp"),
                        ("lemon", 1, "")],
     ["Chop the onion and carrots and soften them in a little oil for ten minutes.",
      "Stir in the cumin and cook for one more minute.",
      "Add the rinsed lentils and the stock and simmer for 20 minutes, until the lentils "
      "fall apart.",
      "Blend half of the soup and stir it back in. Season with salt and lemon juice."]),
    ("Oat pancakes", 2, [("rolled oats", 100, "g"), ("milk", 200, "ml"), ("egg", 1, ""),
                         ("baking powder", 1, "tsp"), ("banana", 1, "")],
     ["Blend everything until smooth and let the batter rest for five minutes.",
      "Heat a pan over medium heat and brush it with butter.",
      "Pour small rounds and flip them when bubbles appear on top.",
      "Serve warm with yogurt and berries."]),
    ("Tomato rice", 3, [("long-grain rice", 300, "g"), ("tinned tomatoes", 400, "g"),
                        ("garlic cloves", 3, ""), ("smoked paprika", 1, "tsp"),
                        ("water", 350, "ml")],
     ["Fry the sliced garlic in oil until golden.",
      "Add the paprika, then the tomatoes, and cook for five minutes.",
      "Stir in the rinsed rice and the water, cover and cook on low heat for 15 minutes.",
      "Leave it covered off the heat for another ten minutes before fluffing."]),
    ("Flatbread", 6, [("flour", 500, "g"), ("yogurt", 250, "g"), ("baking powder", 2, "tsp"),
                      ("salt", 1, "tsp")],
     ["Mix everything into a soft dough and knead it for two minutes.",
      "Divide into balls and roll each one thin.",
      "Cook in a very hot dry pan for a minute on each side.",
      "Brush with melted butter and keep them wrapped in a towel."]),
    ("Cabbage slaw", 4, [("white cabbage", 0.5, "head"), ("carrot", 1, ""),
                         ("apple", 1, ""), ("cider vinegar", 2, "tbsp"), ("mustard", 1, "tsp")],
     ["Shred the cabbage finely and grate the carrot and apple.",
      "Whisk the vinegar, mustard, a pinch of sugar and three spoons of oil.",
      "Toss everything together and leave it for half an hour before serving."]),
]


def recipe(rng):
    title, serves, ingredients, steps = rng.choice(RECIPES)
    factor = rng.choice([1, 1, 2, 0.5])
    lines = [f"# {title}", "", f"Serves {max(1, round(serves * factor))}. "
             f"{rng.choice(['A weeknight standby.', 'Good the next day too.', 'Takes about half an hour.', 'From the shared kitchen binder.'])}",
             "", "## Ingredients", ""]
    for item, amount, unit in ingredients:
        value = amount * factor
        text = f"{value:g}" if unit else f"{max(1, round(value))}"
        lines.append(f"- {text} {unit + ' ' if unit else ''}{item}".replace("  ", " "))
    lines += ["", "## Method", ""]
    for number, step in enumerate(steps, 1):
        lines.append(f"{number}. {step}")
    lines.append("")
    lines.append(f"Tip from {rng.choice(FIRST_NAMES)}: "
                 f"{rng.choice(['taste before you add salt', 'double it and freeze half', 'use whatever herbs you have', 'a squeeze of lime works as well as lemon'])}.")
    return "md", "\n".join(lines) + "\n"


def readme_without_legal(rng):
    before, _heading, after = readme_parts(rng)
    return "md", before + "\n" + after


PROSE_KINDS = {"meeting": meeting_notes, "changelog": changelog, "tutorial": tutorial,
               "recipe": recipe, "readme": readme_without_legal}
