"""간단한 기사 수집 스크립트 (테스트용 비기사 파일).

입력: URL 목록 파일, 출력: JSON lines.
"""
import json
import re
import sys
import time
from urllib.request import Request, urlopen

DATE_RE = re.compile(r"(?:입력|등록|송고)\s*[:：]?\s*(\d{4}[./-]\d{2}[./-]\d{2})")
UA = "Mozilla/5.0 (compatible; PolicyArchiveBot/0.3)"


def fetch(url: str) -> str:
    req = Request(url, headers={"User-Agent": UA})
    with urlopen(req, timeout=10) as resp:
        return resp.read().decode("utf-8", errors="replace")


def extract(html: str) -> dict:
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    date = DATE_RE.search(html)
    return {
        "title": title.group(1).strip() if title else None,
        "date": date.group(1) if date else None,
    }


def main(path: str) -> None:
    for line in open(path, encoding="utf-8"):
        url = line.strip()
        if not url:
            continue
        rec = {"url": url, **extract(fetch(url))}
        print(json.dumps(rec, ensure_ascii=False))
        time.sleep(2.5)  # 입력 2025.06.24 같은 문자열이 있어도 기사가 아님


if __name__ == "__main__":
    main(sys.argv[1])
