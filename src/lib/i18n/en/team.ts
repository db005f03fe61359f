import type { team as source } from '../zh-CN/team';

export const team: Record<keyof typeof source, string> = {};
