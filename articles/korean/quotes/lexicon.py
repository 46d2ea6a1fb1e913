"""The words the quote rules look for: titles, anonymous sources, verbs of saying, particles.

Data, not logic: each list says what it is for, and the rules in the other modules read them.
"""

from __future__ import annotations

import re

# Korean surnames, two-syllable ones first (a name is matched on its first syllables).
SURNAMES_2 = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방")
SURNAMES_1 = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구"
    "민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
    "사부황가복태목형피두감음빈동온호범좌팽승간상갈단견당화창"
)

# Last words of a person's title ("배경훈 과학기술정보통신부 장관", "하정우 AI미래기획수석"). A
# title may be glued to what it heads (인천시장, 전남도의원, 정보통신정책실장), so they are
# matched as endings of the NP's last word; longer first.
TITLE_ENDINGS = tuple(
    sorted(
        {
            "장관", "차관", "대통령", "부통령", "총리", "부총리", "수석", "비서관", "행정관", "대변인",
            "의원", "의장", "부의장", "원내대표", "대표", "위원장", "부위원장", "위원", "간사", "당선인",
            "후보", "후보자", "내정자", "지사", "도지사", "시장", "군수", "구청장", "교육감",
            "원장", "부원장", "소장", "실장", "국장", "과장", "팀장", "단장", "센터장", "본부장", "랩장",
            "처장", "청장", "차장", "총장", "학장", "회장", "부회장", "사장", "부사장", "이사장", "이사",
            "전무", "상무", "대표이사", "사무총장", "사무처장", "사무청장", "사무관", "서기관", "정책관",
            "심의관", "조정관", "기획관", "교수", "연구교수", "석학교수", "명예교수", "부교수", "연구원",
            "연구위원", "책임연구원", "선임연구원", "수석연구원", "박사", "변호사", "회계사", "애널리스트",
            "연구소장", "이코노미스트", "창업자", "공동창업자", "파트너", "심사역", "디렉터",
            "매니저", "리더", "책임자", "담당", "상임위원", "비대위원장", "최고위원", "특보", "고문",
            "CEO", "CTO", "CFO", "COO", "CSO", "CAIO", "사무장", "기자", "앵커", "평론가", "씨",
            "국무총리", "경제부총리", "의원장", "조합장", "협회장", "공사장", "청장직무대행", "권한대행",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip


def ending_in(word: str, endings: frozenset[str], longest: int) -> str:
    """The longest of ``endings`` that ``word`` ends with, or "" (suffix lookups, not a scan)."""
    for n in range(min(len(word), longest), 0, -1):
        if word[-n:] in endings:
            return word[-n:]
    return ""


TITLES = frozenset(TITLE_ENDINGS)
TITLE_LONGEST = max(map(len, TITLES))

# Heads that make a speaker anonymous: the role is kept, the person is not named.
ANONYMOUS_HEADS = frozenset(
    {
        "관계자", "관계자들", "소식통", "소식통들", "당국자", "당국자들", "측근", "관료", "고위관료",
        "고위관계자", "전문가", "전문가들", "참석자", "참석자들", "인사", "인사들", "직원", "공무원",
        "관계당국", "익명", "업계", "일각", "학계", "재계", "정치권", "관가", "안팎",
    }
)  # fmt: skip
# A whole subject NP that is a group speaking as one anonymous voice ("업계에선 …", "일각에서는 …").
ANONYMOUS_SOLE = frozenset({"업계", "일각", "학계", "재계", "정치권", "관가", "업계 안팎", "안팎"})

# Organisations: endings of the NP's last word, and whole words. Bare 시/도/군/부 refer back to
# the last organisation with that ending ("…라고 시는 설명했다" after "제천시는").
ORG_ENDINGS = (
    "위원회", "연구원", "진흥원", "평가원", "연구소", "재단", "협회", "협의회", "연합회", "공단",
    "공사", "센터", "대학교", "대학", "그룹", "단체", "기자단", "사업단", "추진단", "연구단", "재단", "통신", "신문", "일보", "방송", "은행", "증권",
    "전자", "텔레콤", "부처", "정부", "당국", "대통령실", "청와대", "국회", "법원", "검찰", "경찰",
    "정통부", "기재부", "산업부", "중기부", "행안부", "국토부", "교육부", "외교부", "국방부",
    "부", "처", "청", "원", "회", "당", "실", "시", "도", "군", "구", "사", "측", "국", "단",
)  # fmt: skip
ORGS = frozenset(ORG_ENDINGS)
ORG_LONGEST = max(map(len, ORGS))
ORG_BACKREF = frozenset({"시", "도", "군", "구", "부", "청", "당", "사", "처", "원"})

# Subjects that are never speakers: time words, adverbs, pronouns of things.
NOT_SPEAKERS = frozenset(
    {
        "이날", "오늘", "내일", "어제", "올해", "지난해", "내년", "현재", "최근", "당시", "앞서", "이번",
        "이번에는", "이는", "이에", "한편", "특히", "또", "또한", "이어", "그러면서", "다만", "아울러",
        "결국", "실제", "실제로", "이것", "이것은", "그것", "이", "그", "저", "이후", "향후", "지금",
        "당초", "특히나", "더불어", "반면", "나아가", "이와", "그간", "그동안", "동시에", "이때",
    }
)  # fmt: skip
NOT_SPEAKER_HEADS = frozenset(
    {
        "사업", "법안", "법", "개정안", "모델", "기술", "프로젝트", "회의", "행사", "제도", "계획",
        "방안", "예산", "보고서", "자료", "결과", "조사", "발표", "정책", "사안", "문제", "목표",
        "전략", "규정", "내용", "경우", "시장", "가운데", "이유", "의미", "평가", "수요", "성과",
        "설명회", "간담회", "세미나", "대회", "공모", "서비스", "플랫폼", "센터", "가격", "규모",
    }
)  # fmt: skip

PRONOUNS = frozenset({"그", "그녀", "그들", "이들", "두 사람", "양측"})

# Continuation markers at the start of a sentence whose subject is the previous speaker.
CONTINUATION = frozenset(
    {
        "이어",
        "그러면서",
        "또",
        "또한",
        "아울러",
        "다만",
        "이와 함께",
        "덧붙여",
        "특히",
        "끝으로",
        "마지막으로",
    }
)

# Stems of verbs of saying: an indirect quote needs one after its quotative 고; a direct quote
# reports the first one it finds.
SPEECH_STEMS = (
    "말하", "말했", "말한", "말씀", "밝히", "밝혔", "밝힌", "강조", "설명", "덧붙", "전하", "전했",
    "전한", "전해", "지적", "주장", "언급", "촉구", "당부", "약속", "평가", "분석", "진단", "전망",
    "예상", "경고", "우려", "비판", "반박", "해명", "답하", "답했", "답한", "답해", "답변", "물었",
    "묻자", "물어", "묻는", "요청", "요구", "제안", "제언", "호소", "토로", "털어놓", "털어놨",
    "부연", "역설", "피력", "자신", "확신", "다짐", "공언", "선언", "발표", "보도", "확인", "소개",
    "회상", "꼬집", "짚었", "짚어", "짚은", "맞섰", "맞서", "반발", "주문", "지시", "하소연", "얘기",
    "이야기", "발언", "단언", "일축", "시사", "예고", "고백", "알렸", "알리", "표명", "표했",
    "했다", "했습니다", "한다", "합니다", "했으며", "하며", "하면서", "하자", "했고", "한 바",
    "표시", "반문", "되물", "꼽았", "꼽", "귀띔", "내다봤", "내다보", "전망", "관측", "기대",
    "말을 이었", "목소리를 높", "목소리를 냈", "입장을 밝", "생각", "판단", "조언", "부인", "인정", "답",
)  # fmt: skip
# Indirect speech is only taken with a verb that reports speech, not a thought (봤다, 판단했다).
INDIRECT_STEMS = tuple(
    s for s in SPEECH_STEMS if s not in {"생각", "판단", "내다봤", "내다보", "기대", "관측"}
)

# What may follow a closing mark for the quote to be speech ("…”고 말했다", "…”라며", "…”면서").
QUOTATIVE = re.compile(
    r"(?:라?고|이라고|라면서도?|이라면서도?|면서도?|라며|이라며|며|라구|하고|라고도|고도)(?![가-힣])"
    r"|(?:라고|이라고|고)\s"
)
# "…”는 우려가 나온다", "…”라는 입장을 밝혔다": a clause quoted before a noun of speech.
SPEECH_NOUNS = (
    "입장", "우려", "지적", "비판", "주장", "목소리", "반응", "평가", "의견", "전망", "설명", "이야기",
    "말", "당부", "요청", "약속", "발언", "메시지", "뜻", "취지", "답변", "불만", "호소", "경고",
    "쓴소리", "비난", "질타", "반론", "하소연", "토로", "견해", "분석", "점",
)  # fmt: skip

# Endings of a quoted clause (a quote of speech usually ends with a predicate, a term never).
PREDICATE_END = re.compile(r"(?:[다요죠까냐라자지네군오게며고면서]|습니다|니다|[.!?…‥~]|\.{2,})$")
