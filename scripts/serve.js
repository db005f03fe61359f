// Starts the built portal. Without ORIGIN the adapter would assume https, which breaks form posts and
// cookies on a plain-HTTP quick start; behind HTTPS set ORIGIN=https://your.host (see README).
process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
await import('../build/index.js');
