// 포털 뉴스 위젯 스크립트 (비기사 테스트 파일)
// 기사입력 2025.06.24. 오후 6:13 형식의 문자열을 렌더링한다.
const formatDate = (iso) => {
  const d = new Date(iso);
  const ampm = d.getHours() < 12 ? '오전' : '오후';
  const h = d.getHours() % 12 || 12;
  return `입력 ${d.getFullYear()}.${String(d.getMonth() + 1).padStart(2, '0')}.${String(d.getDate()).padStart(2, '0')}. ${ampm} ${h}:${String(d.getMinutes()).padStart(2, '0')}`;
};

export function renderHeadline(item) {
  // item = { title: '과기정통부, AI 기본계획 발표', press: '연합뉴스', publishedAt: '2025-06-24T18:13:00+09:00' }
  return `<li><a href="${item.url}">${item.title}</a> <span class="press">${item.press}</span> <span class="date">${formatDate(item.publishedAt)}</span></li>`;
}
