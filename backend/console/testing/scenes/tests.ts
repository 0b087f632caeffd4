import { randomUUID } from 'node:crypto';
import { type CreateQuestionBank, type QuestionInput } from '../../../../shared/accreditation-tests';
import { CreateAssociate } from '../../../../shared/associates';
import { attemptAnswers, testAttempts } from '../../../src/db/schema/accreditation-tests';
import type { Harness } from '../harness';
import type { Scene, Shots } from './scene';

const HOUR = 3_600_000;

/** A question with one right choice (the first), its explanation `why`; the wrong ones point back to it. */
function single(prompt: string, [right, why]: [string, string], ...wrong: string[]): QuestionInput {
  return {
    kind: 'single',
    prompt,
    choices: [{ text: right, correct: true, explanation: why }, ...wrong.map((w) => ({ text: w, correct: false, explanation: `Not this one. ${why}` }))],
  };
}

/**
 * A bank with its questions, published, and `shares[i]` of `attempts` graded attempts that
 * answered question i right (rows written straight into the attempts, as grading writes them),
 * so the item analysis has enough answers to flag. The last question is never drawn.
 */
async function seedBank(h: Harness, owner: string | null, settings: CreateQuestionBank, questions: QuestionInput[], shares: number[], attempts: number, associateId: string): Promise<string> {
  const tests = h.app.tests;
  const bank = await tests.createBank(owner, settings);
  const ids: string[] = [];
  for (const q of questions) {
    ids.push((await tests.addQuestion(owner, bank.id, q)).id);
    // A second apart: the bank lists its questions in the order written.
    await h.clock.advance(1000);
  }
  await tests.updateBank(owner, bank.id, { published: true });
  const drawn = ids.slice(0, shares.length);
  const now = h.clock.now().getTime();
  for (let a = 0; a < attempts; a++) {
    const id = randomUUID();
    const started = new Date(now - (attempts - a) * 3 * HOUR);
    const right = shares.map((share) => a < Math.round(share * attempts));
    const score = Math.round((100 * right.filter(Boolean).length) / right.length);
    await h.db.insert(testAttempts).values({ id, bankId: bank.id, associateId, status: 'graded', questionIds: drawn, startedAt: started, deadlineAt: new Date(started.getTime() + settings.timeLimitSeconds * 1000), submittedAt: new Date(started.getTime() + 8 * 60_000), scorePercent: score, passed: score >= settings.passPercent });
    await h.db.insert(attemptAnswers).values(drawn.map((questionId, i) => ({ attemptId: id, questionId, chosen: [], correct: right[i] ?? false })));
  }
  return bank.id;
}

const SETTINGS = { level: 2, questionsPerTest: 4, timeLimitSeconds: 15 * 60, passPercent: 75, retakeWaitHours: 24, validityDays: 365 };

/** One side's pages (the enterprise's or the marketplace's): the list, a bank, the question editor refused, a publish refused, the item analysis. */
async function shootSide(s: Shots, base: string, prefix: string, bankId: string, draftId: string): Promise<void> {
  await s.go(base, '.server-table');
  await s.shoot(`${prefix}-list`);

  await s.go(`${base}/${bankId}`, '.question-list');
  await s.shoot(`${prefix}-bank`);

  await s.page.click('.page-head .row-actions button.secondary');
  await s.page.waitForSelector('.dialog textarea[name=prompt]');
  // The prompt left blank and the second choice unexplained: the first at fault (the prompt) takes the keyboard.
  await s.type('.dialog input[name="choices.0.text"]', 'Sony WH-1000XM5');
  await s.type('.dialog input[name="choices.1.text"]', 'Apple AirPods Max');
  await s.type('.dialog textarea[name="choices.0.explanation"]', 'Its ear cups swivel flat into the case.');
  await s.page.click('.dialog button[type=submit]');
  await s.page.waitForSelector('.dialog .field-error');
  await s.settle();
  await s.shoot(`${prefix}-question-refused`);
  await s.page.keyboard.press('Escape');
  await s.settle();

  await s.go(`${base}/${draftId}`, '.question-list');
  await s.page.click('.page-head .row-actions button.primary');
  await s.page.waitForSelector('.alert');
  await s.settle();
  await s.shoot(`${prefix}-publish-refused`);

  await s.go(`${base}/${bankId}`, '.question-list');
  await s.page.click('.bank-tabs [role=tab]:last-child');
  await s.page.waitForSelector('.analysis-table .server-table');
  await s.settle();
  await s.shoot(`${prefix}-analysis`);
}

/** Accreditation tests authored in the console: Voltaire's sales lead over its own banks, the operator over the marketplace's. */
export const tests: Scene = {
  area: 'tests',
  async run(s) {
    const h = s.harness;
    const { associate } = await h.app.associates.invite(null, CreateAssociate.parse({ email: 'tariq@indie.example', displayName: 'Tariq Haddad' }), { mail: false });
    const headphones = [
      single('Which of these cancels noise actively?', ['Sony WH-1000XM5', 'Its microphones measure the noise and play its opposite.'], 'A foam earplug', 'An open-back studio headphone'),
      single('How long does the WH-1000XM5 play on one charge with noise cancelling on?', ['About 30 hours', 'Sony rates it at 30 hours with noise cancelling on.'], 'About 8 hours', 'About 60 hours'),
      {
        kind: 'multiple',
        prompt: 'Which of these can the Sony Headphones Connect app change?',
        choices: [
          { text: 'The equaliser', correct: true, explanation: 'Five bands and presets, kept on the headphones.' },
          { text: 'Speak-to-chat', correct: true, explanation: 'It pauses the music when the wearer speaks.' },
          { text: 'The battery’s capacity', correct: false, explanation: 'No app can change the cell; it only reports the charge.' },
        ],
      },
      single('What does LDAC need on the phone?', ['Android 8 or later with LDAC on', 'LDAC is part of Android from version 8; iPhones do not send it.'], 'An iPhone', 'A USB-C cable'),
      single('Which case comes with the WH-1000XM5?', ['A soft carrying case', 'The XM5 folds into a soft case; it charges over USB-C.'], 'A charging case', 'None'),
    ] satisfies QuestionInput[];
    const volt = await seedBank(h, h.enterprises.volt, { ...SETTINGS, title: 'Noise-cancelling headphones', category: ['Audio', 'Headphones'] }, headphones, [1, 0.08, 0.58, 0.75], 24, associate.id);
    const voltDraft = await h.app.tests.createBank(h.enterprises.volt, { ...SETTINGS, title: 'OLED televisions', category: ['TV', 'OLED'], level: 1, questionsPerTest: 5 });
    await h.app.tests.addQuestion(h.enterprises.volt, voltDraft.id, single('What burns in on an OLED panel shown a still logo for months?', ['The pixels that lit the logo', 'Each OLED pixel ages with its own use; a still logo ages some faster.'], 'The backlight', 'Nothing: OLED cannot burn in'));

    const audio = [
      single('What does a higher sample rate capture?', ['Higher frequencies', 'A sample rate captures frequencies up to half of it.'], 'Louder sounds', 'Wider stereo'),
      single('Which connection carries lossless audio without compression?', ['A USB DAC', 'USB audio carries the samples as they are; Bluetooth codecs compress.'], 'Bluetooth SBC', 'AirPlay over cellular'),
      single('What does impedance tell a buyer?', ['How hard the headphone is to drive', 'High impedance needs more voltage: some need an amplifier.'], 'How loud it is at most', 'How long its cable is'),
      single('Which codec is lossless?', ['FLAC', 'FLAC keeps every bit; MP3 and AAC drop what is hard to hear.'], 'MP3', 'AAC'),
      single('What is a driver?', ['The part that moves air', 'The driver is the small speaker in each ear cup.'], 'The cable', 'The app'),
    ] satisfies QuestionInput[];
    const market = await seedBank(h, null, { ...SETTINGS, title: 'Audio fundamentals', category: ['Audio'], level: 1 }, audio, [0.5, 0.96, 0.17, 0.67], 30, associate.id);
    const marketDraft = await h.app.tests.createBank(null, { ...SETTINGS, title: 'Home cinema', category: ['TV', 'Home cinema'], level: 2, questionsPerTest: 6 });
    for (const q of audio.slice(0, 2)) await h.app.tests.addQuestion(null, marketDraft.id, q);

    await s.signIn('salesLead');
    await shootSide(s, '/sales/tests', 'tests-enterprise', volt, voltDraft.id);
    await s.page.click('.bank-tabs [role=tab]:nth-child(2)');
    await s.settle();
    await s.shoot('tests-enterprise-settings');

    await s.signIn('operator');
    await shootSide(s, '/marketplace/tests', 'tests-marketplace', market, marketDraft.id);

    // An analyst reads the same pages with nothing to press.
    await s.signIn('analyst');
    await s.go(`/sales/tests/${volt}`, '.question-list');
    await s.shoot('tests-enterprise-bank-analyst');
  },
};
