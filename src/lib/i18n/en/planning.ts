import type { planning as source } from '../zh-CN/planning';

export const planning: Record<keyof typeof source, string> = {};
