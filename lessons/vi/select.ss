## select: một server, nhiều client cùng lúc
#: Một server gọi accept, rồi recv, chỉ phục vụ từng client một: khi nó
#: chờ trong recv cho một client, các client khác chờ mà không ai thấy.
#: select chờ trên nhiều socket cùng lúc và cho biết socket nào sẵn sàng:
#:   import select
#:   r, w, x = select.select([s, conn], [], [], 5)
s = socket inet stream
bind s localhost 0
listen s 5
#: Hai client kết nối; các kết nối của chúng chờ trong hàng đợi accept của s.
a = socket inet stream
connect a s
b = socket inet stream
connect b s
#: Một socket lắng nghe đọc được khi có kết nối chờ được chấp nhận:
#:   r, w, x = select.select([s], [], [], 5)
select [s] - 5
#: Nên accept sẽ không phải chờ, cho cả hai:
conn1 = accept s
conn2 = accept s
#: Chưa có gì được gửi: với nửa giây để chờ, select không thấy gì sẵn
#: sàng, và báo hết thời gian chờ (select của Python nhận danh sách rỗng).
select [s,conn1,conn2] - 0.5
#: Client b gửi trước. select cho biết kết nối nào có byte đang chờ
#: (FIONREAD), mà không đọc chúng:
sendall b "from b"
select [s,conn1,conn2] - 5
#: Server phục vụ kết nối đã sẵn sàng, và không kết nối nào khác:
recv conn2 1024
#: Client b đóng. Một kết nối mà đầu kia đã đóng cũng đọc được: recv
#: sẽ nhận 0 byte, đúng câu "if not data: break" của bài giảng.
close b
select [s,conn1,conn2] - 5
recv conn2 1024
close conn2
#: Danh sách WRITE: một socket ghi được khi bộ đệm gửi của nó còn chỗ,
#: nên server có thể trả lời a mà không phải chờ.
select - [conn1] 5
sendall conn1 "hello a"
recv a 1024
#: Ngoặc như Python, hoặc không ngoặc, và - hoặc [] cho danh sách rỗng:
select [a] [] 0.2
close a
close conn1
close s
