/** Scalar config types shared by several sections: ports and environment variable names. */
import { z } from 'zod';

export const port = z.number().int().min(0).max(65_535);

export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');
