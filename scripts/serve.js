// Starts the built portal. Without ORIGIN the adapter would assume https, which breaks form posts and
// cookies on a plain-HTTP quick start; behind HTTPS set ORIGIN=https://your.host (see README).
process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Bulk import sends a file of up to 10 MB as base64 in JSON; the import itself refuses bigger files
// with a message of its own, so the adapter's 512K default must not cut a 50 MB upload off first.
process.env.BODY_SIZE_LIMIT ??= '80M';
await import('../build/index.js');
