import { z } from 'zod';
import { Id } from '../auth/schema';

export const UnitName = z.string().trim().min(1).max(60);
export const CreateUnitInput = z.object({ parentId: Id, name: UnitName });
export const RenameUnitInput = z.object({ id: Id, name: UnitName });
export const UnitIdInput = z.object({ id: Id });
export type CreateUnitInput = z.infer<typeof CreateUnitInput>;
export type RenameUnitInput = z.infer<typeof RenameUnitInput>;
