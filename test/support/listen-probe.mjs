// Loaded into a CLI process with `--import`: reports every server that starts listening, on stderr,
// so a test can tell whether a command opened a port.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function probedListen(...args) {
  process.stderr.write('[listen-probe] a server started listening\n');
  return listen.apply(this, args);
};
