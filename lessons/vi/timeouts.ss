## Timeout và socket không chặn
#: Một lời gọi chặn chờ bao lâu cũng được: recv trên một kết nối không có
#: gì đến sẽ chờ mãi. Một socket Python có timeout:
#:   s.settimeout(None)     chặn, như mọi socket lúc đầu
#:   s.settimeout(0.5)      chờ tối đa 0.5 s, rồi TimeoutError
#:   s.setblocking(False)   không bao giờ chờ: thay vào đó là BlockingIOError
s = socket inet stream
bind s localhost 0
listen s 1
c = socket inet stream
connect c s
conn = accept s
#: Nửa giây: bên dưới, descriptor trở thành O_NONBLOCK (fcntl), và mỗi lời
#: gọi trước hết chờ trong poll, tối đa 0.5 s.
#:   conn.settimeout(0.5)
settimeout conn 0.5
gettimeout conn
#: Chưa có gì được gửi, nên recv này chờ nửa giây rồi thất bại:
#: TimeoutError: timed out của Python (errno của nó sẽ là ETIMEDOUT).
#? fails ETIMEDOUT
recv conn 1024
#: Khi đã có byte, poll kết thúc ngay và recv nhận chúng.
sendall c "ping"
recv conn 1024
#: Không chặn: một lời gọi lẽ ra phải chờ thì thất bại ngay với EAGAIN,
#: BlockingIOError của Python.
#:   conn.setblocking(False)
setblocking conn 0
#? fails EAGAIN
recv conn 1024
#: Một connect không chặn chỉ bắt đầu bắt tay: nó thất bại ngay với
#: EINPROGRESS, và kernel tiếp tục việc bắt tay.
d = socket inet stream
setblocking d 0
#? fails EINPROGRESS
connect d s
#: Danh sách WRITE của select cho biết khi nào bắt tay xong: socket trở
#: nên ghi được. "handles" hiện nó đã kết nối.
select - [d] 5
handles
#: Ở nơi không gì lắng nghe, bắt tay kết thúc bằng một lỗi, lỗi này chờ
#: trong SO_ERROR (handles hiện nó đang chờ) cho tới khi một lời gọi lấy
#: nó: ở đây là connect lần hai, cho biết lần đầu đã kết thúc thế nào.
z = socket inet stream
bind z localhost 0
e = socket inet stream
setblocking e 0
#? fails EINPROGRESS
connect e z
select - [e] 5
handles
#? fails ECONNREFUSED
connect e z
#: Một server có hàng đợi accept đã đầy không trả lời SYN mới nào cả. Có
#: timeout, connect bỏ cuộc (kernel vẫn tiếp tục thử).
q = socket inet stream
bind q localhost 0
listen q 0
f = socket inet stream
connect f q
g = socket inet stream
settimeout g 0.3
#? fails ETIMEDOUT
connect g q
#: setdefaulttimeout cho mọi socket tạo sau nó một timeout; "sockshell -t
#: SECONDS" làm vậy cho cả một script, để nó không bao giờ bị treo.
setdefaulttimeout 0.3
h = socket inet stream
gettimeout h
setdefaulttimeout none
#: Cuối cùng, mọi handle đều đóng: một dòng có thể chứa nhiều lệnh.
close h; close g; close f; close q; close e; close z; close d; close conn; close c; close s
