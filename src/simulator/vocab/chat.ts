/**
 * What ordinary people ask a chat assistant, in several languages and registers: casual, terse,
 * with typos, follow-ups. Diverse on purpose — legitimate traffic rarely repeats a skeleton.
 */
import { COMMON } from './common.ts';
import type { Vocabulary } from './expand.ts';

export const CHAT_VOCABULARY: Vocabulary = {
  ...COMMON,
  ask: ['can you', 'could you', 'pls', 'would you mind to', 'help me', 'I need you to', 'quick q:'],
  tone: ['friendly', 'formal', 'short', 'polite but firm', 'funny', 'warm', 'professional'],
};

export const CHAT_OPENERS: readonly string[] = [
  '{ask} explain {subject} like I am 12?',
  'what is the difference between {subject} and {subject}',
  'I am going to {city} for {#2-9} days in {April|June|October|December}, what should I not miss?',
  'recipe for {food} without {eggs|dairy|gluten|an oven}?',
  '{ask} write a {tone} email to my landlord about the {heating|leaking tap|deposit|noise upstairs}',
  'how do I get better at {hobby}? I have about {#2-6} hours a week',
  'my {daughter|son|niece|nephew} asked me how {subject} works and I had no idea lol',
  'summarise the main arguments for and against {subject} in a few bullet points',
  'give me {#3-8} name ideas for a {cafe|podcast|cat|band|bakery|startup} about {hobby}',
  'is it normal that my {sourdough|banana bread|risotto} turns out {dense|gummy|dry}?',
  'translate "{I will be late tomorrow|thank you for the lovely dinner|where is the train station}" into {language}',
  '{ask} help me rewrite this for my {work_thing}: "{we missed the deadline because of scope changes|our team grew by 3 people this quarter|the launch moved to next month}"',
  'what are some good books about {subject}?',
  'I feel {stuck|overwhelmed|unmotivated} with my {work_thing}, any tips?',
  'how many {calories|grams of protein} are in a portion of {food}',
  'write a short poem about {city} in {autumn|the rain|the morning}',
  "explain this error: {TypeError: undefined is not a function|KeyError: 'id'|segmentation fault (core dumped)|ECONNREFUSED 127.0.0.1:5432}",
  'what should I ask in an interview for a {junior|senior|lead} {tech} role?',
  'Wie funktioniert {eigentlich die Photosynthese|ein Kredit mit variablem Zins|die Mülltrennung in Deutschland}?',
  'Kannst du mir ein Rezept für {Linsensuppe|Apfelkuchen|Käsespätzle} geben?',
  '¿Me puedes ayudar a escribir un correo {formal|amable} para {mi jefe|un cliente|la escuela de mi hijo}?',
  '¿Qué diferencia hay entre {la inflación y la deflación|un virus y una bacteria|el clima y el tiempo}?',
  "Peux-tu m'expliquer {la photosynthèse|le fonctionnement d'un crédit immobilier|la Révolution française} simplement ?",
  'Quelles sont les choses à voir à {Lyon|Lisbonne|Osaka} en {#2-5} jours ?',
  'Você pode me ajudar a planejar uma viagem para {o Porto|Lisboa|o Rio} com {#2-4} amigos?',
  '{東京|大阪|京都}で{#2-4}日間のおすすめの観光プランを教えてください',
  '{光合成|インフレ|量子もつれ}について簡単に説明してください',
  '请帮我写一封{给老师|给房东|给客户}的{感谢信|道歉邮件|请假条}',
  '{光合作用|通货膨胀|区块链}是什么？请简单解释一下',
  'Объясни, пожалуйста, {что такое инфляция|как работает иммунитет|почему небо голубое}',
  '{부산|서울|제주}에서 {#2-4}일 여행 코스를 추천해 줘',
  'Puoi suggerirmi un modo per imparare {lo spagnolo|la chitarra|a programmare} da adulto?',
];

export const CHAT_FOLLOW_UPS: readonly string[] = [
  'thanks! can you make it shorter?',
  'ok and what about {subject}?',
  'can you give an example',
  'hmm not sure that is right, are you sure?',
  'perfect, now in {language} please',
  'make it more {tone}',
  'what would you recommend for a beginner?',
  'why?',
  'can you put that in a table',
  'Danke! Und auf Englisch?',
  'merci, et plus court ?',
];

export const ASSISTANT_REPLIES: readonly string[] = [
  'Sure! Here is a short overview.',
  'Great question. In short, it depends on a few things.',
  'Here are a few ideas you could try.',
  'Of course — here is a draft you can adapt.',
  'Happy to help. The main points are below.',
];
