import { Pool } from 'pg';
import { createPostgresPublisher } from '../src/publisher';
import type { SituationChangedEvent } from '@hro/domain';

const event = { version: 1, situation: { id: 'sit-x' } } as unknown as SituationChangedEvent;

describe('postgres publisher', () => {
  it('reports a failed publish once and does not loop while Postgres is unreachable', async () => {
    // Port 1 on loopback refuses connections: every query fails fast.
    const pool = new Pool({ connectionString: 'postgresql://postgres@127.0.0.1:1/none', max: 1 });
    const queries = jest.spyOn(pool, 'query');
    const errors: Error[] = [];
    const publisher = createPostgresPublisher(pool, (e) => errors.push(e));
    publisher.situationChanged(event);
    await new Promise((r) => setTimeout(r, 1500));
    expect(errors).toHaveLength(1);
    expect(queries).toHaveBeenCalledTimes(1);
    await pool.end();
  });
});
