"""Writes testdata/edge/ and testdata/edge-multiline/: six raw files of hard cases for every rule
(duplicates, conflicting keys, quoting, CRLF, bytes that are not UTF-8, Unicode case, Go's number
and date syntax). Both the Go cleaner and cleaning.py are run on them (etl_test.go); edge/ has one
record per line, so the glueetl job's line-by-line reading applies too; edge-multiline/ adds quoted
fields spanning lines and lone carriage returns, which only whole-file readers handle.
Run: python3 testdata/make_edge.py (from stacks/nexabrands/etl)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

customers = (
    b"CUSTOMER_ID,customer.name,city\n"
    b"1,CENTRAL STORE,GEORGE\n"
    b"2,Local Market,  george#@$\n"
    b"ID_3,\xc3\xa9lodie shop,\xc3\x87AVA\n"
    b"3.0,Dup,X\n"
    b"4,NA,null\n"
    b"4,NA,null\n"
    b"0,Zero,Town\n"
    b"abc,Bad,Town\n"
    b"5,\"Quoted, Name\",\"cape \"\"town\"\"\"\n"
    b"6,STRASSE \xc3\x9f,stra\xc3\x9fe \xc3\x9ftown\n"
    b"7,\xc4\xb0STANBUL MARKET,\xc4\xb0ZM\xc4\xb0R\n"
    b"8,\xc7\x86ungla,\xc7\x85\n"
    b"9,\xce\xa3\xce\xaf\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x82 \xce\xa3\xce\xa3,\xce\x9f\xce\x94\xce\x9f\xce\xa3\n"
    b"10,\xff\xfebad bytes,CITY\xff\n"
    b"11,  spaced   name  ,\tTab City\x0b\n"
    b"12,unknown,N/A\n"
    b"13,#@$,|\n"
    b"\n"
    b"   \n"
    b"14,Crlf Shop,Durban\r\n"
    b"\r\n"
    b"15,Bare\"quote,Town\n"
    b"17,Short\n"
    b"18,a,b,c\n"
    b"19,MIXED Case,new  york\xc2\xa0\n"
    b"20,\xe1\xbe\xb3 shop,\xe1\xbe\xb3\n"
    b"99,Target Less,Nowhere\n"
)

targets = (
    b"CUSTOMER_ID,ontime_target%,infull_target%,OTIF_TARGET%\n"
    b"1,87.0,81,70\n"
    b"2,-68,140,-1\n"
    b"ID_3,81.555,85.0 UNITS,69units\n"
    b"3,80,80,80\n"
    b"4,11,0,5\n"
    b"4,1,10,5\n"
    b"5,50%,1e1,0x1p4\n"
    b"6,1_000,inf,nan\n"
    b"7,-0,+5,.5\n"
    b"8,5.,1e400,-100.5\n"
    b"98,1,1,1\n"
    b"x,1,1,1\n"
    b"12, 1 0 ,  ,NULL\n"
    b"13,1__0,0x10,Infinity\r\n"
    b"14,99.995,0.125,-0.005\n"
    b"15,5 %,5%%,50 unit\n"
)

products = (
    b"PRODUCT_ID,product.name,category\n"
    b"101,AM Milk 250,dairy\n"
    b"102,am ghee,BEVERAGES\n"
    b"101,AM Milk 250,dairy\n"
    b"102,Other,Food\n"
    b"103,,\n"
    b"104,Name#,  snacks  food  \n"
    b"1.5,x,y\n"
    b"9223372036854775808,Big,Id\n"
    b"9223372036854775807,Max,Id\n"
    b"id_105.00,Prefixed,cat\n"
)

orders = (
    b"order_id,customer_id,order_placement_date\n"
    b"FMR1,1,\"Tuesday, March 1, 2022\"\n"
    b"fmr2,2,\"monday, march 1, 2022\"\n"
    b"FMR3,3,3/2/2022\n"
    b"FMR4,4,\"03/03/2022, 2022\"\n"
    b"FMR5,5,\"03/03/2022, 2021\"\n"
    b"FMR6,6,2022-04-01\n"
    b"FMR7,7,2022-4-01\n"
    b"FMR8,8,02/29/2024\n"
    b"FMR9,9,02/29/2023\n"
    b"FMR10,98,2022-03-01\n"
    b"FMR1,1,\"Tuesday, March 1, 2022\"\n"
    b"FMR1,2,\"Tuesday, March 1, 2022\"\n"
    b"NA,1,2022-03-01\n"
    b",1,2022-03-01\n"
    b"FMR11,ID_11,\"Tuesday, March 01, 2022\"\n"
    b"FMR12,12,\"Tuesday,  March 1, 2022\"\n"
    b"FMR13,13,\"Friday, March 4, 2022 #@$\"\n"
    b"FMR14,14,\"Tuesday, February 30, 2022\"\n"
    b"FMR15,15,\"Sunday, March 1, 0000\"\n"
    b"FMR16,1,0x1p0\n"
    b"FMR17,99,1/1/2022\n"
    b"FMR18,1,13/01/2022\n"
    b"\xef\xac\x80mr19,1,2022-03-02\n"
    b"stra\xc3\x9fe-20,1,2022-03-02\r\n"
    b"FMR21,1,\"Tue, March 1, 2022\"\n"
    b"FMR22,1,\"TUESDAY, MARCH 1, 2022\"\n"
    b"FMR23,1,\"Tuesday, March 1,2022\"\n"
    b"FMR24,1,\"Tuesday, March 1, 22\"\n"
    b"FMR25,1,\"3/2/2022,2022\"\n"
    b"FMR26,1,0000-02-29\n"
    b"FMR27,1,2022-02-29\n"
)

fulfillment = (
    b"ORDER_ID,on.time,in_full,OTIF\n"
    b"FMR1,1.0,0.0,0.0\n"
    b"fmr2,-1.0,1 units,1\n"
    b"FMR3,2,,nan units\n"
    b"FMR3,2,,nan units\n"
    b"FMR4,1,1,0\n"
    b"FMR4,1,1,1\n"
    b"FMR404,1,1,1\n"
    b",1,1,1\n"
    b"FMR6,1.0 UNITS,-1.0 UNITS,1e0\n"
    b"FMR8,inf,0x1p0,NULL\n"
    b"FMR11,1,1\n"
    b"FMR13,0,1,1\r\n"
    b"FMR15,-1,-1,-2\n"
    b"FMR12,1"
)

lines = (
    b"order_id,product_id,order_qty,agreed_delivery_date,actual_delivery_date,delivery_qty\n"
    b"FMR1,101,339.0,\"Friday, March 4, 2022\",\"Friday, March 4, 2022\",339.0\n"
    b"FMR1,102,84units,3/5/2022,3/6/2022,-80\n"
    b"FMR1,101,1,2022-03-01,2022-03-01,1\n"
    b"FMR1,101,339.0,\"Friday, March 4, 2022\",\"Friday, March 4, 2022\",339\n"
    b"fmr2,101,12.5,2022-03-01,2022-03-01,1\n"
    b"FMR3,101,0,2022-03-01,2022-03-01,0\n"
    b"FMR3,102,nan units,2022-03-01,2022-03-01,1\n"
    b"FMR3,103,5,bad,2022-03-01,1\n"
    b"FMR3,104,5,2022-03-01,2022-03-01,abc\n"
    b"FMR3,104,5,2022-03-01,2022-03-01,inf\n"
    b"FMR404,101,5,2022-03-01,2022-03-01,5\n"
    b"FMR5,101,5,2022-03-01,2022-03-01,5\n"
    b"FMR6,999,5,2022-03-01,2022-03-01,5\n"
    b"FMR6,ID_101,-0,2022-03-01,2022-03-01,5\n"
    b"FMR6,101,1_000,2022-03-01,2022-03-01,5\n"
    b"FMR6,103, 7 UNITS ,2022-03-01,2022-03-02,7\n"
    b"FMR8,9223372036854775807,5,2022-03-01,2022-03-01,99999999999999999999\n"
    b"FMR8,9223372036854775807,5,2022-03-01,2022-03-01,5\n"
    b"\n"
    b"FMR11,101,5,\"Tuesday, March 1, 2022\",\"Monday, March 7, 2022\",4\r\n"
    b"FMR11,102,\"5\",\"2022-03-01\",\"2022-03-01\",\"5\"\n"
    b"FMR12,101,-7.000,2022-03-01,2022-03-01,0.0\n"
    b"FMR12,102,5,,2022-03-01,5\n"
    b"FMR13,101,5,2022-03-01,2022-03-01,5.5\n"
    b"FMR13,102,5 Units,03/03/2022,\"03/03/2022, 2022\",5 unit\n"
)

multiline_extra = (
    b"16,\"abc\"def,Town\n"
    b"21,swallowed,\"line\"\n"
    b"22,\"Two\nLines\",\"Cape\r\nTown\"\n"
    b"23,Lone\rReturn,Town\n"
    b"24,\"unterminated,Town\n"
    b"25,x,y\r"
)


def write(d, files):
    os.makedirs(d, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


files = {"customers.csv": customers, "customer_targets.csv": targets, "products.csv": products,
         "orders.csv": orders, "order_fulfillment.csv": fulfillment, "order_lines.csv": lines}
write(os.path.join(HERE, "edge"), files)
multi = dict(files)
multi["customers.csv"] = customers + multiline_extra
write(os.path.join(HERE, "edge-multiline"), multi)
