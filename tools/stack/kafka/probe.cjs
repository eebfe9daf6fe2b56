// Kafka health probe for tools/stack: succeeds only when the broker answers a real metadata
// request (describeCluster) and reports an active controller, which a bare TCP connect cannot
// prove (the socket opens before KRaft has elected itself). Exit 0 = healthy.
// Usage: node tools/stack/kafka/probe.cjs 127.0.0.1:19092
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.argv[2] || '127.0.0.1:19092').split(',');
const kafka = new Kafka({
  clientId: 'gatehouse-stack-probe',
  brokers,
  connectionTimeout: 1000,
  requestTimeout: 2000,
  retry: { retries: 0 },
  logLevel: logLevel.NOTHING,
});

async function main() {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null || cluster.controller < 0) {
      throw new Error('no active controller yet');
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`kafka probe: ${error.message}\n`);
    process.exit(1);
  },
);
