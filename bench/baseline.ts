import express from 'express';

// The ceiling to compare the app with: Express 5 on this machine doing nothing but answer.
const app = express();
app.disable('x-powered-by');
app.get('/', (req, res) => {
  res.type('html').send('<!DOCTYPE html><html lang="en"><title>Baseline</title><p>Hello</p></html>');
});

const server = app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
server.once('listening', () => console.log(`Baseline listening on port ${process.env.PORT}`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
