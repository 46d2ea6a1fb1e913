"""The production server answers requests from several threads of one process (gunicorn's
``gthread`` workers), all sharing the process's one Kiwi: analyses run at the same time must each
come out as they do alone, single texts, batches and queries mixed."""

from __future__ import annotations

import random
import threading

from articles import korean

TEXTS = [
    f"과학기술정보통신부는 {i}일 인공지능 기본법 시행령 제정안을 입법예고했다고 밝혔다."
    if i % 3 == 0
    else f"국가AI컴퓨팅센터 구축 사업에 {i}억원이 투입되며 배경훈 장관이 현장을 찾았다."
    if i % 3 == 1
    else f"'독자 AI 파운데이션 모델' 프로젝트 {i}차 평가에서 LG AI연구원이 통과했다."
    for i in range(90)
]


def test_analyses_in_threads_come_out_as_alone():
    alone = {text: korean.lexemes(text) for text in TEXTS}
    batches = {text: analysis for text, analysis in zip(TEXTS, korean.analyse_many(TEXTS), strict=True)}
    queries = {text: korean.query_lexemes(text) for text in TEXTS[:30]}
    wrong: list[str] = []
    failures: list[BaseException] = []

    def work(seed: int) -> None:
        chance = random.Random(seed)
        try:
            for _ in range(40):
                roll = chance.random()
                if roll < 0.4:
                    text = chance.choice(TEXTS)
                    if korean.lexemes(text) != alone[text]:
                        wrong.append(text)
                elif roll < 0.8:
                    batch = chance.sample(TEXTS, 12)
                    for text, analysis in zip(batch, korean.analyse_many(batch), strict=True):
                        if analysis != batches[text]:
                            wrong.append(text)
                else:
                    text = chance.choice(TEXTS[:30])
                    if korean.query_lexemes(text) != queries[text]:
                        wrong.append(text)
        except BaseException as exc:  # a thread that raised must fail the test, not vanish
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "an analysis hung"
    assert failures == [] and wrong == []
