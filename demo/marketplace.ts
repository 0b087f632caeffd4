import type { CreateQuestionBank, QuestionInput } from '../shared/accreditation-tests';
import type { JoinRules } from '../shared/registration';
import type { App } from '../backend/src/app';
import type { SeededEnterprise } from './seed';

/*
 * The marketplace side of the demo: the rules a person who registers at /join/ meets, the
 * marketplace's published Audio test and one enterprise's own test. Each is written once; what
 * an operator or enterprise changes afterwards in the console is kept on later runs.
 */

/**
 * The demo's rules of acceptability: adults in a few countries, who speak English (the demo
 * shops' shoppers do), no documents to upload (so a laptop run goes straight to the check), and
 * Checkr's standard package (which the local stand-in knows).
 */
export const DEMO_JOIN_RULES: JoinRules = {
  countries: ['US', 'CA', 'GB', 'IE', 'FR', 'DE', 'AT', 'NL', 'BE', 'ES', 'PT', 'IT'],
  minimumAge: 18,
  requiredDocuments: [],
  languages: ['en'],
  checkPackage: 'tasker_standard',
  // A demo's rejected applicant may try again at once (the marketplace's default waits 180 days).
  reapplyAfterDays: 0,
};

const single = (prompt: string, right: [string, string], ...wrong: [string, string][]): QuestionInput => ({
  kind: 'single',
  prompt,
  choices: [{ text: right[0], correct: true, explanation: right[1] }, ...wrong.map(([text, explanation]) => ({ text, correct: false, explanation }))],
});

const multiple = (prompt: string, choices: [string, boolean, string][]): QuestionInput => ({
  kind: 'multiple',
  prompt,
  choices: choices.map(([text, correct, explanation]) => ({ text, correct, explanation })),
});

/**
 * "Audio basics": what anyone selling headphones and speakers should know. Level 2, because the
 * demo's opportunity rules ask for level 2 in a category (demoOpportunityRules): a newcomer who
 * passes it is offered the demo shops' Audio shoppers.
 */
export const AUDIO_BASICS: { bank: CreateQuestionBank; questions: QuestionInput[] } = {
  bank: { title: 'Audio basics', category: ['Audio'], level: 2, questionsPerTest: 6, timeLimitSeconds: 600, passPercent: 70, retakeWaitHours: 24, validityDays: 365 },
  questions: [
    single(
      'How does active noise cancelling (ANC) quieten a plane’s cabin?',
      ['Microphones pick up the outside noise and the drivers play the same sound wave inverted, so the two cancel out', 'Right: ANC is destructive interference. It works best on steady, low sounds such as engines; sudden or high sounds still need the ear cups’ passive seal.'],
      ['The ear cushions are filled with a denser foam that blocks sound', 'That is passive isolation. It helps, but it is not what the ANC switch turns on.'],
      ['The headphones turn the music up automatically when it gets loud', 'That is adaptive volume, which some models have; it masks noise rather than removing it.'],
    ),
    single(
      'A customer wants headphones for an open-plan office and does not want colleagues to hear their music. Which design fits?',
      ['Closed-back', 'Right: closed ear cups keep the sound in (and the office out).'],
      ['Open-back', 'Open-back headphones sound airy and wide, but they leak sound both ways: everyone nearby hears the music.'],
      ['Bone conduction', 'Bone conduction leaves the ears open and leaks noticeably at higher volumes; it suits running outdoors, not a quiet office.'],
    ),
    single(
      'A customer with an iPhone asks which Bluetooth codec their new wireless headphones will use with it.',
      ['AAC', 'Right: iPhones send AAC (or the basic SBC). Codecs such as aptX and LDAC are Android features, so do not sell them to an iPhone user as a reason to buy.'],
      ['LDAC', 'LDAC is Sony’s high-bitrate codec; iPhones do not support it.'],
      ['aptX HD', 'aptX is Qualcomm’s, found on many Android phones; iPhones do not support it.'],
    ),
    single(
      'Two bookshelf speakers are driven by the same amplifier. One has a sensitivity of 90 dB (1 W/1 m), the other 84 dB. What does that tell the customer?',
      ['The 90 dB speaker plays noticeably louder from the same power: every 3 dB is roughly a doubling of power needed', 'Right: the 84 dB speaker would need about four times the amplifier power to play as loud.'],
      ['The 84 dB speaker has better sound quality', 'Sensitivity says how efficiently a speaker turns power into sound, nothing about its quality.'],
      ['They play equally loud; sensitivity only matters for headphones', 'Sensitivity is the number that matters most when pairing speakers with a modest amplifier.'],
    ),
    single(
      'A customer plugs 300-ohm studio headphones straight into a laptop and finds them quiet and thin. What do you suggest?',
      ['A headphone amplifier (or a DAC with one), because high-impedance headphones need more voltage than a laptop’s socket gives', 'Right: the headphones are fine; the source cannot drive them. Low-impedance models (about 32 ohms) suit phones and laptops.'],
      ['Turning on the laptop’s bass boost', 'Equalisation cannot make up for a source that runs out of voltage; it distorts sooner.'],
      ['Exchanging them: they must be faulty', 'Nothing is wrong with them; this is how high-impedance headphones behave on weak sources.'],
    ),
    multiple('A customer wants a speaker that survives being dropped in the pool. Which ratings say it can be submerged?', [
      ['IPX7', true, 'Right: IPX7 means tested under up to 1 m of water for 30 minutes (the JBL Charge 5 is IP67).'],
      ['IPX8', true, 'Right: IPX8 goes beyond IPX7, to a depth and time the maker states.'],
      ['IPX4', false, 'IPX4 is splash resistance: rain and sweat, not a swim.'],
      ['IP5X', false, 'The 5 is for dust; the X means water resistance was not rated at all.'],
    ]),
    multiple('A customer struggles to hear the dialogue in films on their TV. Which of these help?', [
      ['A soundbar with a dedicated centre channel', true, 'Right: films put dialogue in the centre channel, and a speaker of its own makes it clearer.'],
      ['The soundbar’s dialogue or voice enhancement mode', true, 'Right: it lifts the frequencies of speech over music and effects.'],
      ['A bigger subwoofer', false, 'A subwoofer adds low bass; voices sit well above its range, and more rumble can bury them further.'],
    ]),
    single(
      'What does a subwoofer add to a sound system?',
      ['The lowest frequencies, roughly 20 to 120 Hz: the bass you feel in films and music', 'Right: that is why one subwoofer can sit almost anywhere in the room; we hardly hear where low bass comes from.'],
      ['Clearer vocals', 'Vocals are in the mid range, which the main speakers or a centre channel reproduce.'],
      ['Surround effects from behind the listener', 'Surround effects come from the rear speakers.'],
    ),
  ],
};

/** Voltaire's own test of its range: only Voltaire's rules can trust it, and Voltaire may require it before admitting an independent. */
export const VOLTAIRE_RANGE: { bank: CreateQuestionBank; questions: QuestionInput[] } = {
  bank: { title: 'Voltaire’s audio range', category: ['Audio'], level: 3, questionsPerTest: 4, timeLimitSeconds: 480, passPercent: 75, retakeWaitHours: 12, validityDays: 180 },
  questions: [
    single(
      'A frequent flyer wants the longest battery life among our noise-cancelling headphones. Which do you point to?',
      ['Sennheiser Momentum 4 Wireless: up to 60 hours', 'Right, and it is out of stock online at the moment: offer to tell them when it is back, or the Sony at 30 hours.'],
      ['Sony WH-1000XM5: 30 hours', 'A fine choice, with eight microphones for its noise cancelling, but half the Sennheiser’s battery.'],
      ['Bang & Olufsen Beoplay H95', 'The H95 is our flagship for materials and finish, not the battery champion.'],
    ),
    single(
      'Which speaker of ours also charges a phone?',
      ['JBL Charge 5', 'Right: it has a built-in power bank, IP67 protection and about 20 hours of play.'],
      ['Sonos Era 100', 'The Era 100 is a home speaker on mains power; it does not charge devices.'],
      ['Bose SoundLink Flex', 'The SoundLink Flex is rugged and portable but has no power bank.'],
    ),
    multiple('What can a customer connect to a Sonos Era 100?', [
      ['A phone over Bluetooth', true, 'Right: it plays Bluetooth as well as Wi-Fi streaming.'],
      ['A turntable or CD player through its line-in (with Sonos’ USB-C adapter)', true, 'Right: the line-in makes it work with older equipment too.'],
      ['A TV’s HDMI eARC port', false, 'The Era 100 has no HDMI; for a TV, suggest a Sonos soundbar.'],
    ]),
    single(
      'A customer likes the Bose QuietComfort Ultra but asks why it costs 429 USD today. What do you tell them?',
      ['It is reduced from its list price of 499 USD', 'Right: the shop shows the list price struck through next to today’s price.'],
      ['It is a refurbished unit', 'Nothing in our listing says so: never guess about a product’s condition.'],
      ['The price includes a second pair of ear cushions', 'Do not invent bundle contents; say what the listing says.'],
    ),
    single(
      'A customer asks what Trueplay does on a Sonos speaker.',
      ['It tunes the speaker’s sound to the room it stands in', 'Right: the speaker measures how the room reflects sound and adjusts its equaliser.'],
      ['It pairs two speakers for stereo', 'Stereo pairing is a separate feature of the Sonos app.'],
      ['It boosts the volume past the usual maximum', 'Trueplay does not change the maximum volume.'],
    ),
  ],
};

export interface DemoMarketplace {
  /** Where a person registers (the public registration site). */
  joinUrl: string;
  tests: { title: string; owner: string; level: number; questions: number }[];
}

/**
 * Writes the demo's rules of acceptability (unless an operator set some), and publishes the
 * marketplace's Audio test and Voltaire's own test (unless a bank of that title exists for its
 * owner: an edited or unpublished one is left as it is).
 */
export async function seedDemoMarketplace(app: App, enterprises: readonly SeededEnterprise[], operatorId: string, backendUrl: string): Promise<DemoMarketplace> {
  if ((await app.registration.joinSettings()).updatedAt === null) await app.registration.setJoinSettings(DEMO_JOIN_RULES, operatorId);
  const volt = enterprises.find((e) => e.slug === 'voltaire-retail');
  const wanted = [{ owner: null, ownerName: 'the marketplace', ...AUDIO_BASICS }, ...(volt ? [{ owner: volt.id, ownerName: volt.name, ...VOLTAIRE_RANGE }] : [])];
  const tests: DemoMarketplace['tests'] = [];
  for (const { owner, ownerName, bank, questions } of wanted) {
    const existing = (await app.tests.banks(owner)).find((b) => b.title === bank.title);
    if (!existing) {
      const made = await app.tests.createBank(owner, bank);
      for (const question of questions) await app.tests.addQuestion(owner, made.id, question);
      await app.tests.updateBank(owner, made.id, { published: true });
    }
    tests.push({ title: bank.title, owner: ownerName, level: bank.level, questions: questions.length });
  }
  return { joinUrl: `${backendUrl}/join/`, tests };
}
