import type { workforce as source } from '../zh-CN/workforce';

export const workforce: Record<keyof typeof source, string> = {};
