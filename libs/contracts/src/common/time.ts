import { z } from 'zod';

/** ISO-8601 instant with an explicit offset (`Z` or `+02:00`), as every timestamp in the contracts. */
export const isoDateTime = z.iso.datetime({ offset: true });
