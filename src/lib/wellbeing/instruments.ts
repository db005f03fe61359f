/**
 * The weekly check-in's three instruments in their published Chinese wordings, with their scoring.
 * Shared by the form (browser) and the server (scoring is always redone on the server).
 *
 * WHO-5 Well-Being Index: World Health Organization, Regional Office for Europe (1998),
 *   "Wellbeing Measures in Primary Health Care / The DepCare Project"; Chinese version from the
 *   Psychiatric Research Unit, Mental Health Centre North Zealand (who-5.org, 中文版).
 *   Scoring: 5 items 0–5, raw 0–25, ×4 → 0–100; ≤ 28 suggests likely depression
 *   (Topp, Østergaard, Søndergaard & Bech, Psychother Psychosom 2015;84:167–176).
 * PSS-4 Perceived Stress Scale, 4 items: Cohen, Kamarck & Mermelstein, J Health Soc Behav
 *   1983;24:385–396; Cohen & Williamson 1988. Chinese wording after 杨廷忠、黄汉腾,
 *   中华流行病学杂志 2003;24(9):760–764 (中文版知觉压力量表). Items 0–4; items 2 and 3 are
 *   reverse-scored; total 0–16, higher = more stress.
 * Single-item burnout measure (the Maslach-derived item used in the Mini-Z survey): Rohland,
 *   Kruse & Rohrer, Stress and Health 2004;20:75–79; Dolan et al., J Gen Intern Med 2015;30:582–587.
 *   Five statements; 3 or more indicates burnout, 5 is the worst.
 */
export const WHO5_STEM = '在过去两周里：';
export const WHO5_ITEMS = [
  '我感到快乐、心情舒畅',
  '我感到平静和放松',
  '我感到充满活力、精力充沛',
  '我醒来时感到神清气爽、休息得很好',
  '我每天的生活充满了我感兴趣的事情'
] as const;
/** Index = score. */
export const WHO5_OPTIONS = ['从未有过', '有些时候', '少于一半的时间', '超过一半的时间', '大部分时间', '所有时间'] as const;

export const PSS4_ITEMS = [
  '在过去一个月中，您有多少次感到无法控制生活中重要的事情？',
  '在过去一个月中，您有多少次对自己处理个人问题的能力感到有信心？',
  '在过去一个月中，您有多少次感到事情在按您的意愿发展？',
  '在过去一个月中，您有多少次感到困难堆积如山，无法克服？'
] as const;
export const PSS4_OPTIONS = ['从不', '偶尔', '有时', '经常', '总是'] as const;
/** Zero-based items scored 4 − answer. */
export const PSS4_REVERSED = [1, 2] as const;

export const BURNOUT_QUESTION = '综合考虑，根据您对“职业倦怠”的理解，您如何评价自己目前的状态？';
/** Index + 1 = answer. */
export const BURNOUT_OPTIONS = [
  '我喜欢我的工作，没有倦怠的症状',
  '偶尔感到工作压力，精力不如从前，但没有倦怠感',
  '我确实感到倦怠，并有一种或多种倦怠症状，如身心疲惫',
  '倦怠症状挥之不去，工作中常常感到挫败',
  '我感到完全倦怠，常常怀疑自己能否继续工作，可能需要寻求帮助'
] as const;

export interface Answers {
  who5: number[];
  pss4: number[];
  burnout: number;
}

export const who5Score = (answers: number[]) => answers.reduce((s, a) => s + a, 0) * 4;
export const pss4Score = (answers: number[]) => answers.reduce((s, a, i) => s + ((PSS4_REVERSED as readonly number[]).includes(i) ? 4 - a : a), 0);

export type Band = 'low' | 'fair' | 'good';
/** WHO-5: ≤ 28 likely depression (seek help), ≤ 50 poor wellbeing, above 50 good. */
export const who5Band = (score: number): Band => (score <= 28 ? 'low' : score <= 50 ? 'fair' : 'good');
/** PSS-4 has no clinical cut-off; thirds of the range are shown as an indication only. */
export const pss4Band = (score: number): 'low' | 'moderate' | 'high' => (score <= 5 ? 'low' : score <= 10 ? 'moderate' : 'high');

/** Help is shown at once, and nothing more is recorded, when wellbeing is very low or burnout is at its worst. */
export const isSevere = (a: Answers) => who5Score(a.who5) <= 28 || a.burnout === 5;
