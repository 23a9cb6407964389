// Target (issue 7): at least 8,000 trivial EAS requests/s, 99th percentile under 10 ms. The
// trivial request is a FolderSync with the current SyncKey and nothing changed: the gate
// (authentication from the credential cache, device, policy), the command and the answer,
// with no state written. Many keep-alive HTTPS connections from a worker thread.
import { encode, fromXml } from '@mail/wbxml';
import { LOAD, runLoad } from './load';
import { USER, type BenchStack } from './stack';
import { percentile } from '../shared/percentile';

export async function trivialRequests({ stack, device }: BenchStack): Promise<string[]> {
  const first = await device.send(
    'FolderSync',
    '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>',
  );
  const key = first.xml?.match(/<SyncKey>(\d+)<\/SyncKey>/)?.[1];
  if (!key) throw new Error(`FolderSync 0 failed: ${first.status} ${first.xml}`);
  const body = Buffer.from(
    encode(fromXml(`<FolderSync xmlns="FolderHierarchy:"><SyncKey>${key}</SyncKey></FolderSync>`)),
  );
  // Confirm the key once, so every measured request is the no-change answer.
  await device.send('FolderSync', body);
  const job = {
    port: stack.ports.https,
    ca: stack.ca,
    path: `/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=${USER.user}&DeviceId=BenchDevice1&DeviceType=Bench`,
    headers: {
      Authorization: `Basic ${Buffer.from(`${USER.user}:${USER.password}`).toString('base64')}`,
      'MS-ASProtocolVersion': '14.1',
      'X-MS-PolicyKey': device.policyKey!,
      'Content-Type': 'application/vnd.ms-sync.wbxml',
    },
    body: body.toString('base64'),
  };
  const result = await runLoad(job);
  // The same requests from 4 connections: the latency of one request when the server is not
  // saturated (with 64 connections, latency is mostly queueing: connections / throughput).
  const light = await runLoad({ ...job, connections: 4 });
  const rate = result.requests / result.seconds;
  const p50 = percentile(result.latencies, 50) / 1000;
  const p99 = percentile(result.latencies, 99) / 1000;
  return [
    `trivial EAS requests (FolderSync, current key, no change), ${LOAD.connections} keep-alive ` +
      `HTTPS connections, ${LOAD.durationMs / 1000} s after ${LOAD.warmupMs / 1000} s warm-up:`,
    `  ${rate.toFixed(0)} requests/s (target >= 8000)`,
    `  latency p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (target p99 < 10 ms)`,
    `  answers by HTTP status ${JSON.stringify(result.statuses)}, connection errors ${result.errors}`,
    `  from 4 connections: ${(light.requests / light.seconds).toFixed(0)} requests/s, latency p50 ` +
      `${(percentile(light.latencies, 50) / 1000).toFixed(2)} ms, p99 ${(percentile(light.latencies, 99) / 1000).toFixed(2)} ms`,
  ];
}
