## Khởi động lại server: TIME_WAIT, EADDRINUSE và SO_REUSEADDR
#: Một server bind vào cổng mà các client của nó biết: ở đây là 8000, cổng
#: của bài giảng. (Nếu lần bind đầu này thất bại, có thứ khác đang giữ
#: cổng 8000, hoặc bài học này đã chạy chưa tới một phút trước: bài học
#: cho thấy vì sao.)
s = socket inet stream
bind s localhost 8000
listen s 1
#: Một client đến và được phục vụ, như trong bài giảng.
c = socket inet stream
connect c s
conn = accept s
#: Server kết thúc cuộc trò chuyện trước: nó đóng đầu kết nối của nó
#: trước khi client đóng đầu của mình.
close conn
close c
#: Rồi server dừng: socket đang lắng nghe của nó cũng đóng.
close s
#: Phía đóng trước không quên kết nối ngay: kernel giữ nó ở TIME_WAIT
#: trong 60 s, để một gói đến muộn của kết nối cũ không bị nhầm là một
#: phần của kết nối mới trên cùng các cổng. "handles closed" hiện các kết
#: nối đã đóng của chính shell mà kernel còn giữ:
handles closed
#: Khởi động lại server: một socket mới bind vào cùng cổng ...
s = socket inet stream
#: ... và thất bại với EADDRINUSE: TIME_WAIT đang giữ cổng 8000.
#? fails EADDRINUSE
bind s localhost 8000
#: Cách chữa là SO_REUSEADDR, đặt trước bind:
#:   s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
setsockopt s reuseaddr 1
#: Nhưng trên Linux ở đây như vậy chưa đủ: một TIME_WAIT do socket không
#: đặt SO_REUSEADDR để lại sẽ chặn cổng kể cả với socket mới có đặt nó.
#: Server cũ cũng cần nó; server này phải chờ hết một phút.
#? fails EADDRINUSE
bind s localhost 8000
close s
#: Vậy nên server đặt SO_REUSEADDR ngay từ lần chạy đầu. Cùng câu chuyện
#: trên cổng 8001, với tùy chọn được đặt trước mọi lần bind:
s = socket inet stream
setsockopt s reuseaddr 1
bind s localhost 8001
listen s 1
c = socket inet stream
connect c s
conn = accept s
close conn
close c
close s
#: Lại một kết nối ở TIME_WAIT, lần này do một socket cho phép dùng lại
#: để lại:
handles closed
#: Một lần khởi động lại quên tùy chọn vẫn thất bại: cả hai phải đặt nó.
s = socket inet stream
#? fails EADDRINUSE
bind s localhost 8001
close s
#: Một lần khởi động lại có đặt nó thì bind được ngay, có TIME_WAIT hay không:
s = socket inet stream
setsockopt s reuseaddr 1
bind s localhost 8001
listen s 1
#: SO_REUSEADDR không bao giờ cho hai server cùng lắng nghe trên một cổng
#: một lúc (đó là SO_REUSEPORT): nó chỉ cho server mới vượt qua các kết
#: nối ở TIME_WAIT của server cũ.
close s
