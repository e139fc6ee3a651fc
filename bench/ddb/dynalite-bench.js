#!/usr/bin/env node
'use strict'
// dynalite-bench: the reference figures for bench/ddb/run, measured on dynalite (the in-memory
// DynamoDB the conformance oracle runs), in the same tab-separated format as ddb_bench:
//   cond_eval     condition evaluations per second (dynalite's parser + matchesExprFilter, in process)
//   put_get_api   PutItem+GetItem pairs per second through its HTTP API (loopback, keep-alive)
//   query_100k    seconds for a Query paging through N items of one partition (N = QUERY_ITEMS, 100000)
// usage: node dynalite-bench.js DYNALITE_PROJECT_DIR [SECONDS]
// DYNALITE_PROJECT_DIR holds node_modules/dynalite (a copy of oracle/ddb after `npm ci`).
const path = require('path')
const http = require('http')

const dir = process.argv[2]
const secs = Number(process.argv[3] || 1)
const queryItems = Number(process.env.QUERY_ITEMS || 100000)
const dynaliteDir = path.join(dir, 'node_modules', 'dynalite')
const dynalite = require(dynaliteDir)
const db = require(path.join(dynaliteDir, 'db'))
const conditionParser = require(path.join(dynaliteDir, 'db', 'conditionParser'))

function out (name, value, unit, extra) {
  console.log([name, value, unit].concat(extra || []).join('\t'))
}

function benchConditions () {
  const item = {
    pk: { S: 'user#42' }, sk: { N: '7' }, status: { S: 'active' }, price: { N: '19.99' },
    tags: { SS: ['a', 'b', 'c'] }, profile: { M: { name: { S: 'Ada' }, visits: { N: '12' } } },
  }
  const context = {
    attrNames: { '#s': 'status' },
    attrVals: { ':active': { S: 'active' }, ':n': { N: '2' }, ':lo': { N: '10' }, ':hi': { N: '20' } },
    unusedAttrNames: {}, unusedAttrVals: {}, isReserved: () => false, compare: db.compare,
  }
  const parsed = conditionParser.parse('attribute_exists(pk) AND #s = :active AND size(tags) > :n AND price BETWEEN :lo AND :hi', { context })
  if (typeof parsed === 'string') throw new Error(parsed)
  let n = 0
  const t0 = process.hrtime.bigint()
  let t
  do {
    for (let i = 0; i < 10000; i++) if (db.matchesExprFilter(item, parsed.expression)) n++
    t = Number(process.hrtime.bigint() - t0) / 1e9
  } while (t < secs)
  out('cond_eval', Math.round(n / t), 'evals/s')
}

function client (port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  return function call (op, request) {
    const body = JSON.stringify(request)
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, method: 'POST', path: '/', agent,
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'DynamoDB_20120810.' + op,
          'X-Amz-Date': '20240101T000000Z',
          Authorization: 'AWS4-HMAC-SHA256 Credential=bench/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
          'Content-Length': Buffer.byteLength(body),
        },
      }, res => {
        const chunks = []
        res.on('data', d => chunks.push(d))
        res.on('end', () => {
          const data = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
          if (res.statusCode !== 200) return reject(new Error(op + ': ' + JSON.stringify(data)))
          resolve(data)
        })
      })
      req.on('error', reject)
      req.end(body)
    })
  }
}

const TABLE = {
  TableName: 'bench',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  BillingMode: 'PAY_PER_REQUEST',
}

async function withServer (fn) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const call = client(server.address().port)
  try {
    await call('CreateTable', TABLE)
    for (let i = 0; i < 100; i++) {
      const d = await call('DescribeTable', { TableName: 'bench' })
      if (d.Table.TableStatus === 'ACTIVE') break
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    await fn(call)
  } finally {
    await new Promise(resolve => server.close(resolve))
  }
}

async function benchPutGet (call) {
  let pairs = 0
  const t0 = process.hrtime.bigint()
  let t
  do {
    for (let i = 0; i < 100; i++, pairs++) {
      const key = { pk: { S: 'u' + (pairs % 50000) }, sk: { N: String(pairs % 7) } }
      await call('PutItem', { TableName: 'bench', Item: Object.assign({ status: { S: 'active' }, price: { N: '19.99' }, n: { N: String(i) } }, key) })
      await call('GetItem', { TableName: 'bench', Key: key })
    }
    t = Number(process.hrtime.bigint() - t0) / 1e9
  } while (t < secs)
  out('put_get_api', Math.round(pairs / t), 'pairs/s')
}

async function benchQuery (call) {
  for (let i = 0; i < queryItems; i += 25) {
    const reqs = []
    for (let k = i; k < Math.min(i + 25, queryItems); k++)
      reqs.push({ PutRequest: { Item: { pk: { S: 'p' }, sk: { N: String(k) }, v: { N: String(k % 97) }, s: { S: 'item-' + k } } } })
    await call('BatchWriteItem', { RequestItems: { bench: reqs } })
  }
  const q = {
    TableName: 'bench', KeyConditionExpression: 'pk = :p', FilterExpression: 'v = :z',
    ExpressionAttributeValues: { ':p': { S: 'p' }, ':z': { N: '0' } },
  }
  let read = 0
  const t0 = process.hrtime.bigint()
  for (;;) {
    const r = await call('Query', q)
    read += r.ScannedCount
    if (!r.LastEvaluatedKey) break
    q.ExclusiveStartKey = r.LastEvaluatedKey
  }
  const t = Number(process.hrtime.bigint() - t0) / 1e9
  if (read !== queryItems) throw new Error('query read ' + read + ' items')
  out('query_' + (queryItems === 100000 ? '100k' : queryItems), t.toFixed(4), 'seconds', [Math.round(read / t), 'items/s'])
}

async function main () {
  benchConditions()
  await withServer(benchPutGet)
  await withServer(benchQuery)
}

main().catch(e => { console.error('dynalite-bench: ' + e.message); process.exit(1) })
