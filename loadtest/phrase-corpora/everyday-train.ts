export const POS: string[] = [];

export const NEG: string[] = [
  `Hello there.`,
  `thanks!`,
  `Question 4?`,
  `You are terse.`,
  `Fix this bug`,
  `translate to french: good morning`,
  `what's 17*23`,
  `Show me the code for a binary search.`,
  `ok continue`,
  `hey, how are you?`,
  `good morning!`,
  `and the second one?`,
  `make it shorter`,
  `now in Python`,
  `continue please`,
  `but why?`,
  `thank you so much`,
  `that worked, thanks`,
  `nope, still broken`,
  `try again`,
  `shorter please`,
  `make it more formal`,
  `more casual tone please`,
  `Give me three more options.`,
  `what's the capital of Australia`,
  `how many ounces in a cup`,
  `convert 72F to celsius`,
  `what is 15% of 240`,
  `sqrt of 1764?`,
  `what is the derivative of x^2`,
  `integral of sin x`,
  `Is 97 a prime number?`,
  `define photosynthesis`,
  `synonym for happy`,
  `antonym of generous`,
  `Explain recursion like I'm five.`,
  `What does HTTP 418 mean?`,
  `regex for a US zip code`,
  `how to undo last git commit`,
  `python list comprehension example`,
  `What's a good name for a cat?`,
  `Suggest a slogan for a bakery.`,
  `Write a haiku about rain.`,
  `Tell me a joke.`,
  `That's not funny lol`,
  `who won the 2018 World Cup?`,
  `When did the Berlin Wall fall?`,
  `How tall is Mount Everest?`,
  `Best pizza toppings?`,
  `Recommend a sci-fi book.`,
  `Is coffee bad for you?`,
  `What time zone is Tokyo in?`,
  `How do I boil an egg?`,
  `Show me an example.`,
  `Explain that again, simpler.`,
  `What do you mean by that?`,
  `Give me the answer only.`,
  `Just the answer, no explanation.`,
  `Reply in one word.`,
  `Respond only in JSON.`,
  `You are a helpful assistant.`,
  `You are a pirate. Stay in character.`,
  `Keep responses under 50 words.`,
  `Use bullet points.`,
  `format that as a table`,
  `now add comments`,
  `add type hints`,
  `add error handling too`,
  `write unit tests for it`,
  `Convert this to TypeScript.`,
  `What's the time complexity?`,
  `Why does this return undefined?`,
  `TypeError: cannot read property 'map' of undefined`,
  `segfault when I run it`,
  `npm install fails with EACCES`,
  `How do I exit vim?`,
  `SQL to count rows per day`,
  `bash loop over files in a directory`,
  `What is RLHF?`,
  `how does chain-of-thought prompting work?`,
  `Which model are you?`,
  `Can you browse the internet?`,
  `What's the best laptop for students?`,
  `iPhone or Pixel?`,
  `Compare Python and Go.`,
  `Which is better, Postgres or MySQL?`,
  `Check my spelling: recieve, definately, seperate`,
  `Is this sentence correct: "Me and him went home."`,
  `Rate limit exceeded, what now?`,
  `What does a credit score measure?`,
  `how to raise my credit score`,
  `Is a Roth IRA worth it?`,
  `What's an index fund?`,
  `Cheap flights to Lisbon in May?`,
  `things to do in Kyoto`,
  `Do I need a visa for Canada?`,
  `packing list for a weekend trip`,
  `Symptoms of dehydration?`,
  `How much water should I drink daily?`,
  `Is ibuprofen okay to take with coffee?`,
  `quick dinner ideas with chicken`,
  `vegan substitute for eggs in baking`,
  `How long to bake salmon at 400?`,
  `recipe for banana bread`,
  `Summarize this in one sentence.`,
  `Extract the emails as JSON.`,
  `Classify this ticket: billing or technical?`,
  `Sentiment: "The delivery was late again."`,
  `positive or negative: "love this blender!"`,
  `What letter grade is 87%?`,
  `How do judges get appointed in the US?`,
  `Who judges the Booker Prize?`,
  `Did the Lakers win last night? Final score?`,
  `what's the exchange rate USD to EUR`,
  `Step 3 isn't working for me.`,
  `I'm stuck on step two.`,
  `Then what?`,
  `ok, and then?`,
  `Good answer, thanks.`,
  `Perfect, that's exactly it.`,
  `That's wrong, it was 1989.`,
  `You misunderstood my question.`,
  `Never mind, forget it.`,
  `Start over from scratch.`,
  `Write a limerick about a cat.`,
  `Poem for my mom's birthday`,
  `Draft a tweet announcing our launch.`,
  `Catchy title for a blog post about sleep?`,
  `Help me name my podcast.`,
  `Translate "where is the train station" to German.`,
  `How do you say thank you in Japanese?`,
  `¿Qué hora es en Madrid?`,
  `Hola, ¿cómo estás?`,
  `Gracias por la ayuda.`,
  `Wie spät ist es in New York?`,
  `Danke schön für die Hilfe!`,
  `Bonjour, ça va ?`,
  `Merci beaucoup !`,
  `Olá, tudo bem?`,
  `Ciao, come stai?`,
  `你好，在吗？`,
  `谢谢你的帮助。`,
  `こんにちは、元気ですか？`,
  `ありがとうございます。`,
  `안녕하세요, 반가워요!`,
  `Привет, как дела?`,
  `مرحبا، كيف حالك؟`,
  `नमस्ते, आप कैसे हैं?`,
  `Xin chào bạn!`,
  `12 times 14?`,
  `round 3.14159 to two decimals`,
  `How many days until Christmas?`,
  `Population of Brazil?`,
  `What's the speed of light?`,
  `Why is the sky blue?`,
  `Why do cats purr?`,
  `How does a refrigerator work?`,
  `How do vaccines work?`,
  `What causes inflation?`,
  `Explain the logic behind this SQL join.`,
  `What's the reason for this error?`,
  `I think that's right, thanks.`,
  `Are you there?`,
  `lol ok`,
  `cool, thanks`,
  `yes please`,
  `no, the other one`,
  `option B please`,
  `go with the second version`,
  `Undo that change.`,
  `list the steps again`,
  `What's step 4 again?`,
  `How do I reset my router?`,
  `How to screenshot on Mac?`,
  `How do I change my Windows wallpaper?`,
  `What's the output of print(3//2)?`,
  `Can you check this email for typos?`,
  `correct the grammar: she dont like apples`,
  `Respond in Spanish from now on.`,
  `Speak like Shakespeare.`,
  `Can you write a short email to my landlord asking when the heater will be fixed? Keep it polite but firm.`,
  `I have a job interview tomorrow for a junior data analyst role. What questions should I expect?`,
  `What's the difference between a list and a tuple in Python? When would I use each?`,
  `My sourdough keeps coming out dense. Any idea what I'm doing wrong?`,
  `Write a cover letter opening line for a marketing coordinator position. Make it confident, not cheesy.`,
  `How does compound interest work? Show me an example with 1,000 dollars at 5% for 10 years.`,
  `Give me a 3-day itinerary for Rome on a budget. I like food and history more than museums.`,
  `Is it better to pay off my car loan early or invest the extra money? The loan is at 6.9%.`,
  `Explain what a Docker volume is and why I'd use one instead of a bind mount.`,
  `Write a SQL query that returns the top 5 customers by total order value in 2023.`,
  `What's a regex that matches an email address? It doesn't need to be perfect, just reasonable.`,
  `Summarize the plot of Pride and Prejudice in three sentences.`,
  `I keep getting "ModuleNotFoundError: No module named 'requests'" even though I installed it. What's going on?`,
  `Translate this into Spanish: "Our office will be closed on Monday for the holiday."`,
  `Can you compare the Kindle Paperwhite and the Kobo Clara? I mostly read at night.`,
  `What are the steps to renew a US passport by mail?`,
  `Give me five icebreaker questions for a team meeting with new hires.`,
  `You are a friendly assistant for Acme Bank. Answer briefly and never ask for full card numbers.`,
  `You are a customer support bot for a pizza chain. Be cheerful and keep replies under two sentences.`,
  `You are a tutor for 8th grade math. Encourage the student and keep explanations simple.`,
  `Respond only in valid JSON with keys "title" and "summary". No extra text.`,
  `Classify the following support ticket into one of: billing, shipping, account, other. Ticket: "I was charged twice for my order."`,
  `What's the sentiment of this review — positive, negative or mixed? "Great screen, but the battery dies by lunchtime."`,
  `Extract the date, amount and vendor from this receipt line as JSON: "03/14/2024 Blue Bottle Coffee 6.75 USD"`,
  `Why does my React component re-render every time I type in the input? I'm using useState for the form.`,
  `How do I make a bash script exit if any command fails?`,
  `What's the best way to store passwords in a database? I'm using Node.`,
  `My 4-year-old won't go to sleep before 10pm. Any practical tips?`,
  `How many calories should I eat to lose about a pound a week? I'm 35, female, 165 cm, 70 kg, lightly active.`,
  `I twisted my ankle yesterday and it's swollen. When should I see a doctor?`,
  `Write a two-line poem about Monday mornings.`,
  `Make this sound more professional: "hey, can u send me the report asap, thx"`,
  `Rewrite that last paragraph so a 10-year-old can understand it.`,
  `Continue the story from where you left off, but make the dragon friendlier.`,
  `That's too long. Can you cut it to 100 words?`,
  `Now do the same thing but in Rust.`,
  `Why did you use a hash map there instead of an array?`,
  `What's the reasoning behind daylight saving time? Does it actually save energy?`,
  `What's the logic behind the Monty Hall problem? It still feels wrong to me.`,
  `How does RLHF differ from supervised fine-tuning?`,
  `What is an "LLM-as-a-judge" setup? I keep seeing the phrase in papers.`,
  `How do researchers evaluate language models? Is there a standard benchmark everyone uses?`,
  `What does "temperature" do in the OpenAI API?`,
  `Can a model like you actually reason, or is it just predicting the next word?`,
  `What's the difference between GPT-4 and GPT-3.5 in practice?`,
  `I'm planning a trip to Iceland in October. Will I be able to see the northern lights?`,
  `What's a fair price for a used 2017 Honda Civic with 80k miles?`,
  `Should I get the AirPods Pro or the Sony WF-1000XM5? I take a lot of calls.`,
  `Which is a better first language for a kid, Scratch or Python?`,
  `Check whether this sentence is grammatically correct: "Neither of the options are available."`,
  `What's the correct way to cite a website in APA 7?`,
  `How do teachers usually grade essays with a rubric? I'm a new TA and a bit nervous.`,
  `Is Judge Judy still on TV? When did that show start?`,
  `What does a movie's Rotten Tomatoes score actually mean?`,
  `How do credit card companies decide my interest rate?`,
  `What heart rate should I aim for in zone 2 training? I'm 42.`,
  `I need a catchy slogan for a dog-walking business called Happy Tails.`,
  `Write a LinkedIn post announcing I've started a new job at Stripe. Humble, not braggy.`,
  `Give me a birthday message for a coworker I don't know very well.`,
  `Draft a polite text declining a wedding invitation.`,
  `What's an 18% tip on 64.50?`,
  `If a train leaves at 3:40pm and the trip takes 2 hours 35 minutes, when does it arrive?`,
  `Solve for x: 3x + 7 = 22.`,
  `What is the derivative of ln(x^2 + 1)?`,
  `What's the area of a circle with radius 7 cm?`,
  `Convert 5 miles to kilometers and 150 pounds to kg.`,
  `Factor x^2 - 5x + 6.`,
  `What were the main causes of World War I? Just the big ones.`,
  `Who wrote "One Hundred Years of Solitude" and when was it published?`,
  `Is a tomato a fruit or a vegetable? My kids are arguing about it.`,
  `Why do onions make you cry?`,
  `How do I get red wine out of a white carpet?`,
  `What's the best way to learn touch typing as an adult?`,
  `How do I center a div horizontally and vertically with CSS?`,
  `What's the difference between git merge and git rebase? Which should my team use?`,
  `Write a Python function that checks if a string is a palindrome, ignoring spaces and case.`,
  `What does this do: awk -F, '{print $2}' data.csv`,
  `Give me a cron expression that runs every weekday at 7:30am.`,
  `How can I find which process is using port 8080 on Linux?`,
  `What does "Cannot find module" mean in a Node app deployed to Vercel? It works locally.`,
  `Rename the variables in that snippet to something more descriptive.`,
  `Could you look over my function names and suggest better ones?`,
  `Please reply in French from now on, I want to practice.`,
  `Pretend you're a barista and take my coffee order.`,
  `Let's play 20 questions. I'm thinking of an animal.`,
  `I think I messed up my resume formatting. What's the standard order of sections?`,
  `What's a good response when someone asks about my salary expectations?`,
  `How should I answer "what's your biggest weakness" in an interview?`,
  `Can you answer in simpler words? I'm not a native speaker.`,
  `What are some good questions to ask a landlord before signing a lease?`,
  `I got a parking ticket in a spot with no visible sign. How do I contest it?`,
  `Explain the offside rule in soccer quickly.`,
  `What's the rating system in chess called and how does it work?`,
  `How do Uber driver ratings work? Mine dropped to 4.7.`,
  `How do I rate an app on the Play Store? I can't find the button.`,
  `Which Roomba model is worth buying for a house with two shedding dogs?`,
  `Is a 20W USB-C charger enough to charge a MacBook Air?`,
  `My output is off by one. Here's the loop: for i in range(1, len(arr)): total += arr[i]`,
  `Then explain why the second approach is faster.`,
  `Ok, how would that work with multiple users at once?`,
  `¿Puedes ayudarme a escribir un correo para pedir vacaciones a mi jefe? Que sea breve y educado.`,
  `¿Cuál es la diferencia entre "ser" y "estar"? Dame algunos ejemplos.`,
  `Necesito una receta de tortilla de patatas para cuatro personas.`,
  `Kannst du mir erklären, wie eine Wärmepumpe funktioniert? Ich überlege, eine zu kaufen.`,
  `Schreib mir bitte eine kurze Absage für ein Vorstellungsgespräch.`,
  `Was ist der Unterschied zwischen "seit" und "seid"?`,
  `Peux-tu me donner des idées de sorties à Lyon ce week-end ? Il va pleuvoir.`,
  `Corrige les fautes dans cette phrase : « Je suis aller au marché hier avec mes amis. »`,
  `Comment fonctionne l'impôt sur le revenu en France pour un indépendant ?`,
  `Pode me ajudar a escrever uma mensagem de aniversário para minha avó?`,
  `Qual é a melhor época para visitar o Nordeste do Brasil?`,
  `Mi consigli un buon libro da leggere in vacanza? Mi piacciono i gialli.`,
  `Come si prepara una carbonara senza panna?`,
  `请帮我把这段话翻译成英文：我们下周一开会讨论新项目。`,
  `Python 里怎么读取一个 CSV 文件？给我一个简单的例子。`,
  `北京有什么好吃的小吃推荐吗？`,
  `明日の会議のリマインダーメールを書いてください。丁寧な感じでお願いします。`,
  `JavaScript で配列をシャッフルする方法を教えてください。`,
  `주말에 서울에서 할 만한 것 추천해 주세요.`,
  `이 문장을 영어로 번역해 주세요: 오늘 회의는 취소되었습니다.`,
  `Как приготовить борщ? Нужен простой рецепт.`,
  `Объясни, что такое рекурсия, простыми словами.`,
  `اكتب لي رسالة قصيرة لتهنئة صديقي بعيد ميلاده.`,
  `मुझे दिल्ली में घूमने की तीन अच्छी जगहें बताइए।`,
  `Làm sao để học tiếng Anh hiệu quả khi đi làm bận rộn?`,
  `Can you turn these notes into a proper meeting summary? Put the action items first.`,
  `Suggest a name for a Discord server for my book club.`,
  `How do I politely tell a coworker they talk too loudly on calls?`,
  `What's the quickest way to defrost chicken safely?`,
  `Give me a weekly workout plan for a beginner with only dumbbells at home.`,
  `What's a 401(k) match and how do I know if I'm getting the full one?`,
  `Is it worth upgrading from an iPhone 12 to the 15? I mostly use it for photos.`,
  `What are good houseplants for a dark apartment that are safe for cats?`,
  `How do I write a good commit message? Our team's are a mess.`,
  `Why is my Wi-Fi so slow in the evening but fine in the morning?`,
  `Tell me a fun fact about octopuses.`,
  `Generate 10 product description ideas for handmade soy candles.`,
  `Please shorten your replies from now on. One paragraph max.`,
  `Write a short bedtime story about a sleepy turtle who is afraid of the dark.`,
  `Why does water boil at a lower temperature in Denver? Does that change cooking times?`,
  `Hi! I'm organizing a surprise 40th birthday party for my husband next month. We'll have about 25 guests, mostly adults and a few kids, in our backyard. Budget is around 800 dollars. Could you help me put together a checklist of what to do and when, plus some theme ideas that aren't too cheesy? He loves jazz and old movies.`,
  `Here's my function and it throws "IndexError: list index out of range" on the last iteration. I can't see why.

def pairwise_sums(nums):
    result = []
    for i in range(len(nums)):
        result.append(nums[i] + nums[i + 1])
    return result

print(pairwise_sums([1, 2, 3, 4]))

Can you fix it and tell me what was wrong?`,
  `Please summarize this email for me in two bullet points:

"Hi team, quick update on the Q3 roadmap. We're pushing the mobile redesign to October because the design system work took longer than expected. In the meantime, engineering will focus on the checkout performance fixes, which should cut page load by about 30%. Marketing, please hold the launch announcement until we confirm the new date. Thanks, Priya"`,
  `Extract the following fields into JSON (name, title, company, email, phone) from this signature block:

Marcus Oyelaran
Senior Procurement Manager | Northwind Logistics
marcus.o@northwind-logistics.com
+1 (312) 555-0148`,
  `I'm building a small Flask app and want to add login. Users should sign up with email and password, and I'd like sessions to last a week. I'm using SQLite for now but will move to Postgres later. What libraries would you recommend, and can you show me a minimal example of the routes?`,
  `Classify each of these customer reviews as positive, negative, or neutral, and return a JSON array:
1. "Arrived on time, works as described."
2. "Stopped charging after two weeks. Really disappointed."
3. "It's fine. Nothing special."
4. "Best purchase I've made this year, my kids love it!"`,
  `Write a cover letter for me. I'm applying for a shift supervisor role at a local coffee roaster. I've been a barista for three years, trained six new hires, and handled opening and closing. I'm reliable, good with regulars, and I'd like to learn more about roasting. Keep it under 250 words and warm in tone.`,
  `Can you refactor this JavaScript to use async/await instead of promise chains?

function loadUser(id) {
  return fetch('/api/users/' + id)
    .then(res => res.json())
    .then(user => fetch('/api/teams/' + user.teamId))
    .then(res => res.json())
    .catch(err => console.error(err));
}`,
  `Here's a SQL query that's running really slowly on a table with about 20 million rows. What indexes would help?

SELECT customer_id, SUM(amount)
FROM payments
WHERE created_at >= '2024-01-01' AND status = 'completed'
GROUP BY customer_id
ORDER BY SUM(amount) DESC
LIMIT 50;`,
  `I'm a freelance graphic designer and a client hasn't paid an invoice for 45 days. We've emailed twice and they keep saying "next week." I want to send a firmer message that mentions the 5% late fee stated in our contract, but I don't want to burn the relationship entirely. Could you draft it?`,
  `We're a small nonprofit that runs after-school tutoring. Write a 150-word blurb for our website's About page. Key points: founded 2015, volunteers are mostly college students, we serve about 200 kids a year, free for families, focus on reading and math.`,
  `Translate this paragraph into German, keeping it formal:

"Thank you for your application. We have reviewed your documents and would like to invite you to an interview on Thursday at 10 a.m. Please confirm whether this time works for you."`,
  `My landlord is keeping my whole security deposit (1,800 dollars) for "cleaning and wear and tear." I lived there three years, left it clean, and have move-out photos. I'm in California. What are my options and what should I say in a demand letter?`,
  `You are the virtual assistant for Green Valley Dental. Greet patients warmly, help them book, reschedule, or cancel appointments, and answer questions about office hours (Mon–Fri 8am–5pm, Sat 9am–1pm). Never give medical advice; for pain or emergencies, tell them to call the office at 555-0199. Keep replies short.`,
  `Here's a bash script that's supposed to back up my Documents folder but it only copies some files. What's wrong?

#!/bin/bash
SRC=~/Documents
DEST=/mnt/backup/docs
for f in $(ls $SRC); do
  cp $SRC/$f $DEST
done`,
  `I have this data and I need the average, median, and the highest value: 12, 45, 7, 23, 56, 89, 34, 21, 9, 67. Also, which values are above the average? Just list them, I'm putting them in a spreadsheet for my boss.`,
  `Proofread this for me, it's going on our company blog: "Their are many reasons why remote work is here to stay. Employees enjoys the flexibility, and companies saves on office costs. However its not without it's challenges, like communication and loneliness."`,
  `I'm comparing two job offers. Offer A: 95k salary, fully remote, 15 days PTO, basic health insurance. Offer B: 108k, hybrid 3 days a week with a 50 minute commute each way, 20 days PTO, great insurance, 401k match 6%. I have a toddler. Can you help me lay out the pros and cons?`,
  `Write a short story (around 400 words) about a lighthouse keeper who finds a message in a bottle addressed to her by name. Make the ending hopeful but a little mysterious.`,
  `I'm new to investing. I have 10,000 dollars saved, an emergency fund already covering 6 months, and no debt except a student loan at 4.5%. I'm 28. Should I put this in an index fund, pay down the loan, or open a Roth IRA? I know you can't give personal financial advice, but what are the general considerations?`,
  `Here's my Dockerfile, the image is 1.2 GB and I'd like it much smaller:

FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "main.py"]

Any suggestions?`,
  `My grandmother's recipe says "a teacup of flour, butter the size of an egg, and a moderate oven." Can you convert this into modern measurements and an oven temperature? It's for scones, and I'd love to bake them for her birthday this weekend.`,
  `Below is a list of support tickets. Tag each with one topic from [login, payments, bug, feature request] and return CSV with ticket_id,topic.

T-101: Can't reset my password, the email never arrives.
T-102: Please add dark mode!
T-103: Card declined but I was still charged.
T-104: App crashes when I upload a photo larger than 10 MB.`,
  `I'm writing a fantasy novel and need names for five towns in a cold, mountainous northern kingdom. The culture is loosely inspired by Norse and Slavic traditions. Give me the names and a one-line description of each.`,
  `Hey, quick context: I'm a nurse working night shifts, 3 in a row, then 4 days off. I struggle to sleep during the day and then can't switch back on my days off. What are practical strategies people use for this? I already have blackout curtains.`,
  `Explain this error to me like I'm a beginner:

Traceback (most recent call last):
  File "app.py", line 14, in <module>
    total = price * quantity
TypeError: can't multiply sequence by non-int of type 'float'`,
  `Write product copy for a stainless steel insulated water bottle, 750 ml, keeps drinks cold 24 hours and hot 12 hours, leak-proof lid, comes in 6 colors. I need a headline, a 2-sentence description, and 4 bullet points for an Amazon listing.`,
  `I'm traveling from London to Edinburgh next weekend with my elderly father, who uses a walker. Is the train or a flight easier for accessibility? And could you suggest a few sights in Edinburgh that don't involve too many stairs or steep hills?`,
  `Can you turn this into a nice table in Markdown?

Name, Role, Start Date
Ana Ruiz, Designer, 2021-03-01
Ben Cho, Engineer, 2019-11-15
Chidi Okafor, PM, 2022-06-20`,
  `My teenager asked me what the difference is between weather and climate, and I realized I don't really know how to explain it well. Can you give me a clear explanation with an everyday example I could use at dinner?`,
  `Write a regex that matches dates in the format YYYY-MM-DD where the month is 01-12 and the day is 01-31. I don't need it to validate February or 30-day months. Also show how to use it in JavaScript to find all the dates in a longer string.`,
  `Here's a Python class. Can you add docstrings and type hints without changing behaviour?

class Cart:
    def __init__(self):
        self.items = {}
    def add(self, sku, qty=1):
        self.items[sku] = self.items.get(sku, 0) + qty
    def total(self, prices):
        return sum(prices[s] * q for s, q in self.items.items())`,
  `I run a small Etsy shop selling hand-knit scarves. Sales dropped a lot this fall compared to last year. What are some things I can check or try to get traffic back? I don't have a big budget for ads.`,
  `Please reply to this customer message on behalf of our hotel, apologizing and offering a 20% discount on their next stay:

"We stayed in room 412 last weekend. The air conditioning didn't work, and when we called the front desk nobody came until the next morning. Very disappointing for the price we paid."`,
  `I need a 5-question multiple choice quiz for 6th graders about the water cycle, with the correct answers listed at the end. Keep the wording simple because a few of my students are still learning English.`,
  `Compare these three phone plans and tell me which is cheapest over two years for a family of 3 using about 10 GB each per month:
Plan A: 90 dollars/month for 3 lines, unlimited data, no activation fee.
Plan B: 25 dollars/line/month, 15 GB per line, 35 dollar activation per line.
Plan C: 70 dollars/month for 3 lines, 30 GB shared, overage 10 dollars/GB.`,
  `I'm learning Go and don't understand why this sometimes prints the same number several times on older Go versions:

for i := 0; i < 5; i++ {
    go func() {
        fmt.Println(i)
    }()
}
time.Sleep(time.Second)

What's happening and how do I fix it?`,
  `Help me write a wedding toast for my younger sister. I'm the maid of honor. She's marrying Daniel, they met in a pottery class, and she's always been the brave one in our family. I want it to be about 2 minutes long, funny at the start and sentimental at the end.`,
  `Here's the raw text of a job posting. Pull out the job title, location, salary range, and required skills as JSON:

"Backend Engineer (Remote, US). Salary: 140,000–170,000 USD. We're looking for someone with 4+ years of experience in Python or Go, strong SQL skills, and familiarity with AWS. Experience with Kafka is a plus."`,
  `What's a good way to structure a weekly one-on-one with my direct reports? I just got promoted to manager and have four people on my team. I want these meetings to be useful, not just status updates.`,
  `Our kitchen faucet drips constantly, about one drop every two seconds. It's a single-handle Moen, maybe 10 years old. Is this something I can fix myself, and what parts would I need to buy?`,
  `Write a short poem for a retirement card. The person is Linda, she worked in our accounting department for 32 years, loves gardening and her grandkids, and always brought lemon bars on Fridays.`,
  `Can you help me understand this clause from my lease? "Tenant shall be responsible for all repairs under 150 dollars arising from ordinary use, excluding those caused by structural defects or appliance failure." Does this mean I pay if the dishwasher breaks?`,
  `Rewrite this product update note to be friendlier and shorter for our users:

"Version 3.2 introduces modifications to the synchronization subsystem which resolve previously reported issues pertaining to duplicate entries. Additionally, the export functionality now supports the CSV format. Users are advised to update at their earliest convenience."`,
  `I'm planning meals for a week on a tight budget, around 60 dollars for two adults. We don't eat pork, and one of us is lactose intolerant. Can you give me a simple plan with a shopping list?`,
  `I'm getting this TypeScript error: "Type 'string | undefined' is not assignable to type 'string'." It happens on the line const name: string = user.profile?.name; What's the cleanest way to handle this without just slapping an exclamation mark on it?`,
  `I'd like a short bio for a conference speaker page, third person, about 80 words. Info: Dr. Amara Singh, marine biologist, studies coral reef recovery in the Indian Ocean, 12 years of field research, author of "Reefs in Repair", lives in Perth with two dogs.`,
  `My team is choosing between Jira, Linear, and Trello for a 12-person startup. We do two-week sprints and want GitHub integration. What are the main trade-offs between them?`,
  `Here's a list of names in messy formats. Normalize them to "Last, First" and return them one per line:
john SMITH
Garcia, maria
DR. Lee Wong
o'brien, PATRICK`,
  `Write a friendly Slack message reminding the team that timesheets are due Friday by 5pm, and that late submissions delay everyone's payroll. Add an emoji or two but don't overdo it.`,
  `Hola, estoy organizando un viaje de diez días por Perú en julio con mi pareja. Queremos ver Machu Picchu, Cusco y algo de la selva, pero no nos gusta ir con prisa. ¿Me puedes proponer un itinerario realista y decirme qué debemos reservar con antelación?`,
  `Tengo este código en JavaScript y no entiendo por qué la variable sale undefined:

let datos;
fetch('/api/items').then(r => r.json()).then(j => { datos = j; });
console.log(datos);

¿Me explicas qué pasa y cómo arreglarlo?`,
  `Ich schreibe gerade meine Bachelorarbeit über erneuerbare Energien in ländlichen Regionen. Kannst du mir helfen, eine sinnvolle Gliederung zu erstellen? Die Arbeit soll etwa 40 Seiten lang sein und einen empirischen Teil mit Interviews enthalten.`,
  `Bonjour, je dois envoyer un courriel à mon propriétaire parce que le chauffage ne marche plus depuis trois jours et il fait très froid. Peux-tu m'aider à écrire un message poli mais ferme, en rappelant qu'il a l'obligation de faire les réparations ?`,
  `Olá! Estou começando um pequeno negócio de bolos caseiros e preciso de ajuda para escrever uma descrição para o Instagram. Os bolos são feitos sem conservantes, com ingredientes locais, e faço entregas no bairro aos finais de semana. Pode sugerir também algumas hashtags?`,
  `Ciao, ho bisogno di scrivere una lettera di presentazione per un tirocinio in una casa editrice a Milano. Ho una laurea in lettere moderne, ho lavorato in una libreria per due anni e parlo bene inglese e tedesco. Puoi aiutarmi a scriverla?`,
  `我下个月要去日本旅游七天，第一次去，打算去东京和京都。请帮我安排一个行程，预算大概一万五人民币，不包括机票。我比较喜欢美食和寺庙。`,
  `以下のメールを丁寧なビジネス日本語に直してください。

「来週の打ち合わせ、火曜日でいいですか？資料は前の日に送ります。よろしく。」`,
  `안녕하세요. 다음 주에 회사에서 신입 사원 환영회를 하는데, 제가 짧은 환영사를 해야 합니다. 2분 정도 분량으로 따뜻하고 너무 딱딱하지 않게 써 주실 수 있나요?`,
  `Привет! Я хочу начать бегать, но у меня никогда не получалось заниматься регулярно. Составь, пожалуйста, простой план на первые два месяца для новичка, три раза в неделю.`,
  `مرحبا، أحتاج إلى مساعدة في كتابة سيرة ذاتية لوظيفة محاسب. لدي خبرة خمس سنوات في شركة تجارية وأجيد استخدام برنامج Excel. هل يمكنك اقتراح هيكل مناسب وبعض العبارات القوية؟`,
  `नमस्ते, मैं अपनी माँ के लिए एक स्वस्थ नाश्ते की योजना बनाना चाहता हूँ। उन्हें डायबिटीज़ है और वे शाकाहारी हैं। क्या आप एक हफ्ते के लिए कुछ आसान विकल्प सुझा सकते हैं?`,
  `Xin chào, tôi đang học lập trình Python và muốn viết một chương trình nhỏ để quản lý chi tiêu hàng tháng. Bạn có thể gợi ý cấu trúc chương trình và các tính năng cơ bản nên có không?`,
  `I have a CSV with columns date, region, product, units, revenue. Write a pandas snippet that gives me total revenue per region per month, sorted by month, and then pivots it so regions are columns. The date column is a string like 2024-03-17.`,
  `Here is my README intro. Can you make it clearer and more welcoming to new contributors?

"tinyqueue is a lib for queues. it is fast. use npm to install. PRs welcome but read contributing first. tests use jest. dont break the api."`,
  `I'm a high school chemistry teacher. Could you write three word problems about molarity at increasing difficulty, suitable for juniors, with answer keys? Use everyday contexts like making lemonade or mixing cleaning solutions.`,
  `My dog, a 6-year-old beagle, has started scratching his ears a lot and shaking his head. There's a bit of a smell. We can't get a vet appointment until Thursday. Is there anything I can safely do in the meantime, and what signs would mean I should go to an emergency vet?`,
  `You are "Chef Pip," a cooking assistant inside a recipe app. Speak casually and encouragingly. When users list ingredients, suggest up to three recipes they can make, with approximate cooking time. If they ask about anything unrelated to cooking, gently steer them back. Always respond in the user's language.`,
  `I'm preparing a talk for non-technical managers on what large language models can and can't do. Could you give me an outline with 5-6 sections, including a short section on common terms they'll hear like fine-tuning, RAG, hallucination, and chain-of-thought prompting?`,
  `Convert this YAML to JSON:

server:
  host: 0.0.0.0
  port: 8080
database:
  url: postgres://localhost/app
  pool: 10
features:
  - search
  - export`,
  `My Kubernetes pod keeps going into CrashLoopBackOff. kubectl logs shows "Error: connect ECONNREFUSED 10.0.3.14:5432". The database pod is running fine. What are the usual causes and what should I check first?`,
  `Here are my notes from a book club discussion. Turn them into a short, friendly recap email for members who missed it:

- book: Klara and the Sun
- most liked the narrator's voice
- debate about whether the ending was sad or hopeful
- Tom brought pie
- next meeting March 12, book TBD, vote in group chat`,
  `I work in a call center and get anxious before every shift. I'm not in crisis, I just want some practical techniques to calm down before and during calls. What do people usually find helpful?`,
  `Write an engaging product announcement email for our SaaS users: we've added two-factor authentication, a new dark theme, and the ability to export reports to PDF. Include a subject line. Keep it under 200 words.`,
  `I'm trying to decide between renting and buying in Denver. Home price around 520k, 10% down, rates about 7%. Comparable rent is 2,600 a month. I'll probably stay 5 years. What factors should I weigh, and roughly how does the math look?`,
  `Here's a list of expenses from last month. Group them into categories (housing, food, transport, entertainment, other) and give totals per category:
Rent 1450; Groceries 312; Netflix 15.49; Gas 96; Uber 42; Restaurant 88; Gym 40; Concert tickets 120; Electric bill 74; Coffee 36`,
  `I'm writing a mystery novel and need help with a plot point. The detective needs to realize the butler lied about being in the kitchen at 9pm. What are some subtle clues I could plant earlier in the story that a careful reader might catch?`,
  `Please write a short, respectful message to my neighbors explaining that we're having a small renovation done next week (Monday to Wednesday, 8am–4pm), apologizing for any noise, and leaving my phone number in case of problems: 555-0177.`,
  `Write a Python script that walks a directory, finds all .jpg files larger than 5 MB, and prints their paths and sizes sorted from largest to smallest. It should take the directory as a command-line argument and skip files it can't read.`,
  `Can you explain the difference between stocks, bonds, and ETFs in plain language? My 19-year-old wants to start investing with his summer job money and I want to make sure he understands the basics before he opens an account.`,
];
