// Starts s3rver on loopback with the test bucket; prints "ready <url>" once it accepts requests.
// Usage: node start.mjs <port> <directory>
import S3rver from 's3rver';

const [port, directory] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: 'reelgate-test' }],
});
const { port: bound } = await server.run();
console.log(`ready http://127.0.0.1:${bound}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
