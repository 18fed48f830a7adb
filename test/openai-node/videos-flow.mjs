// Drives Reelgate's OpenAI-compatible /v1/videos with the official `openai` npm client, changing
// only the base URL and the key: create → poll → download content (ffprobe) → list → delete, plus
// the errors the SDK must raise as its typed classes.
//
//   REELGATE_URL=http://127.0.0.1:8080 REELGATE_API_KEY=rg_pk_… node test/openai-node/videos-flow.mjs
//
// REELGATE_URL is the gateway's root; the OpenAI base URL is REELGATE_URL + "/v1". Downloads go to
// REELGATE_OUT_DIR (default: a new temporary directory). Prints one JSON object with the results on
// stdout and exits 0, or prints the failure on stderr and exits 1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const gateway = process.env.REELGATE_URL;
const apiKey = process.env.REELGATE_API_KEY;
if (!gateway || !apiKey) {
  console.error('Set REELGATE_URL (the gateway root, e.g. http://127.0.0.1:8080) and REELGATE_API_KEY.');
  process.exit(2);
}

const baseURL = gateway.replace(/\/+$/, '') + '/v1';
const outDir = process.env.REELGATE_OUT_DIR || mkdtempSync(join(tmpdir(), 'reelgate-openai-node-'));
const client = new OpenAI({ baseURL, apiKey });
const results = { sdk: 'openai-node', sdk_version: VERSION, base_url: baseURL };

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function expectError(what, ErrorClass, fn, expected = {}) {
  try {
    await fn();
  } catch (error) {
    check(error instanceof ErrorClass, `${what}: expected ${ErrorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
    for (const [field, value] of Object.entries(expected)) {
      check(error[field] === value, `${what}: expected error.${field} = ${JSON.stringify(value)}, got ${JSON.stringify(error[field])}`);
    }
    check(typeof error.error?.message === 'string' && error.error.message.length > 0, `${what}: the error has no message`);
    check(typeof error.requestID === 'string' && error.requestID.startsWith('req_'), `${what}: no x-request-id on the error`);
    return { status: error.status, type: error.type, param: error.param ?? null, code: error.code ?? null, message: error.error.message };
  }
  throw new Error(`${what}: expected ${ErrorClass.name}, but the call succeeded`);
}

async function waitForCompletion(id, timeoutMs = 120_000) {
  const started = Date.now();
  let video;
  do {
    video = await client.videos.retrieve(id);
    check(['queued', 'in_progress', 'completed', 'failed'].includes(video.status), `unknown status ${video.status}`);
    if (video.status === 'completed' || video.status === 'failed') {
      return video;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() - started < timeoutMs);
  throw new Error(`video ${id} did not complete within ${timeoutMs} ms; last: ${JSON.stringify(video)}`);
}

async function download(id, variant, file) {
  const response = await client.videos.downloadContent(id, { variant });
  const bytes = Buffer.from(await response.arrayBuffer());
  const path = join(outDir, file);
  writeFileSync(path, bytes);
  return { path, bytes: bytes.length, content_type: response.headers.get('content-type') };
}

function probe(path) {
  const json = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', path], { encoding: 'utf8' });
  const parsed = JSON.parse(json);
  const stream = parsed.streams[0];
  return { codec: stream.codec_name, width: stream.width, height: stream.height, duration: Number(parsed.format?.duration ?? 0) };
}

async function main() {
  // Create, as existing Sora code does it (the SDK sends multipart/form-data).
  const created = await client.videos.create({ model: 'sora-2', prompt: 'A paper boat drifting down a rainy street', seconds: '4', size: '1280x720' });
  check(created.object === 'video', `create: object is ${created.object}`);
  check(typeof created.id === 'string' && created.id.length > 0, 'create: no id');
  check(['queued', 'in_progress'].includes(created.status), `create: status ${created.status}`);
  check(created.seconds === '4' && created.size === '1280x720', `create: seconds/size echoed as ${created.seconds}/${created.size}`);
  check(Number.isInteger(created.created_at) && created.progress >= 0 && created.progress <= 100, 'create: created_at/progress');
  const second = await client.videos.create({ model: 'sora-2-pro', prompt: 'A second clip for paging', seconds: '4', size: '720x1280' });
  results.create = { id: created.id, status: created.status, model: created.model, seconds: created.seconds, size: created.size };

  // Poll.
  const done = await waitForCompletion(created.id);
  check(done.status === 'completed', `poll: ended ${done.status}: ${JSON.stringify(done.error)}`);
  check(done.progress === 100, `poll: progress ${done.progress}`);
  check(Number.isInteger(done.completed_at) && Number.isInteger(done.expires_at) && done.expires_at > done.completed_at, 'poll: completed_at/expires_at');
  check(done.error === null, 'poll: error is not null');
  const secondDone = await waitForCompletion(second.id);
  check(secondDone.status === 'completed' && secondDone.size === '720x1280', `poll: second video ${secondDone.status} ${secondDone.size}`);
  results.poll = { status: done.status, progress: done.progress, completed_at: done.completed_at, expires_at: done.expires_at };

  // Download every variant.
  const video = await download(created.id, 'video', 'video.mp4');
  const thumbnail = await download(created.id, 'thumbnail', 'thumbnail.jpg');
  const spritesheet = await download(created.id, 'spritesheet', 'spritesheet.jpg');
  const defaultVariant = await client.videos.downloadContent(created.id);
  check((await defaultVariant.arrayBuffer()).byteLength === video.bytes, 'content: the default variant is not the video');
  const probed = probe(video.path);
  check(probed.codec === 'h264' && probed.width === 1280 && probed.height === 720, `content: ffprobe says ${JSON.stringify(probed)}`);
  check(Math.abs(probed.duration - 4) < 0.3, `content: duration ${probed.duration}`);
  check(video.content_type === 'video/mp4' && spritesheet.content_type === 'image/jpeg', `content: types ${video.content_type}/${spritesheet.content_type}`);
  const grid = probe(spritesheet.path);
  check(grid.codec === 'mjpeg' && grid.width === 1280 && grid.height === 720, `content: spritesheet ${JSON.stringify(grid)}`);
  results.content = { video: { ...video, ...probed }, thumbnail, spritesheet: { ...spritesheet, width: grid.width, height: grid.height } };

  // List: auto-pagination with one video per page exercises has_more/last_id/after.
  const listed = [];
  for await (const item of client.videos.list({ limit: 1 })) {
    check(item.object === 'video', 'list: item is not a video');
    listed.push(item.id);
  }
  check(listed.length === 2 && listed[0] === second.id && listed[1] === created.id, `list: newest first, got ${listed}`);
  const page = await client.videos.list({ order: 'asc', limit: 10 });
  check(page.data.map((v) => v.id).join() === [created.id, second.id].join() && page.has_more === false, 'list: order=asc');
  results.list = { desc_paged: listed, asc: page.data.map((v) => v.id) };

  // Errors raise the SDK's typed classes with OpenAI's fields.
  results.errors = {
    bad_seconds: await expectError('bad seconds', OpenAI.BadRequestError, () => client.videos.create({ prompt: 'x', seconds: '99' }), { status: 400, param: 'seconds' }),
    bad_size: await expectError('bad size', OpenAI.BadRequestError, () => client.videos.create({ prompt: 'x', size: '640x480' }), { status: 400, param: 'size' }),
    unknown_id: await expectError('unknown id', OpenAI.NotFoundError, () => client.videos.retrieve('vid_00000000000000000000000000'), { status: 404, type: 'invalid_request_error' }),
    remix: await expectError('remix', OpenAI.BadRequestError, () => client.videos.remix(created.id, { prompt: 'the same, at night' }), { status: 400, code: 'unsupported' }),
    bad_key: await expectError('bad key', OpenAI.AuthenticationError, () => new OpenAI({ baseURL, apiKey: 'rg_pk_not-a-key' }).videos.list(), { status: 401 }),
  };

  // Delete.
  const deleted = await client.videos.delete(created.id);
  check(deleted.id === created.id && deleted.object === 'video.deleted' && deleted.deleted === true, `delete: ${JSON.stringify(deleted)}`);
  await client.videos.delete(second.id);
  results.delete = deleted;
  results.after_delete = await expectError('retrieve after delete', OpenAI.NotFoundError, () => client.videos.retrieve(created.id), { status: 404 });

  results.ok = true;
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(`videos-flow failed: ${error?.stack ?? error}`);
  console.log(JSON.stringify({ ...results, ok: false, error: String(error?.message ?? error) }, null, 2));
  process.exit(1);
});
