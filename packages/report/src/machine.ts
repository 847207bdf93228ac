// One line naming the machine a matrix was made on, for the page and its JSON.
import { cpus, platform, release } from 'node:os';

export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${model}, ${cores.length} core${cores.length === 1 ? '' : 's'}, ${platform()} ${release()}, Node ${process.versions.node}`;
}
