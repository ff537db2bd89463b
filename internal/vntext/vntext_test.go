package vntext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Hộ tịch":           "ho tich",
		"ĐĂNG KÝ KHAI SINH": "dang ky khai sinh",
		"Chứng thực bản sao từ bản chính":  "chung thuc ban sao tu ban chinh",
		"  Thay đổi, cải chính,  bổ sung ": "thay doi cai chinh bo sung",
		"1.001193 – Đăng ký":               "1.001193 dang ky",
		"Hòa giải ở cơ sở":                 "hoa giai o co so",
		"Ủy ban nhân dân xã":               "uy ban nhan dan xa",
		"":                                 "",
	}
	for in, want := range cases {
		assert.Equal(t, want, Fold(in), in)
	}
}

func TestFoldIsIdempotent(t *testing.T) {
	for _, s := range []string{"Giỗ Tổ Hùng Vương", "Xác nhận tình trạng hôn nhân", "ho tich"} {
		assert.Equal(t, Fold(s), Fold(Fold(s)))
	}
}

func TestTerms(t *testing.T) {
	assert.Equal(t, []string{"chung", "thuc", "ban", "sao"}, Terms("Chứng thực  bản sao"))
	assert.Empty(t, Terms(" ,; "))
}

func FuzzFold(f *testing.F) {
	f.Add("Đăng ký kết hôn")
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		assert.Equal(t, out, Fold(out))
	})
}

func TestSearchKey(t *testing.T) {
	assert.Equal(t, "h15.50.05.13 261008 0975 hoang thi mai 0900 000 123 0900000123 012345678901",
		SearchKey("H15.50.05.13-261008-0975", "Hoàng Thị Mai", "0900 000 123", "", "012345678901"))
}
